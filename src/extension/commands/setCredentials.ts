import * as vscode from 'vscode';
import { readConfig } from '../config';
import { type Credential, normalizeHost } from '../credentialStore';
import { plainNotification } from '../notificationText';
import type { CommandFactory } from './commandFactory';

/**
 * Log Triage: Set Credentials… — per host, a Zuul bearer token or a Gerrit user and HTTP password, kept in
 * SecretStorage only. Tests may pass (host, credential); a credential of `null` removes the host's entry.
 */
export const setCredentials: CommandFactory = (services) => async (hostArgument?: unknown, credentialArgument?: unknown) => {
  const { credentials } = services;
  if (typeof hostArgument === 'string' && hostArgument.trim() !== '') {
    if (credentialArgument === null) return credentials.delete(hostArgument);
    const credential = credentialFrom(credentialArgument);
    if (credential) return credentials.set(hostArgument, credential);
  }
  const host = await pickHost(credentials.hosts());
  if (!host) return undefined;
  const stored = credentials.hosts().includes(host);
  const kinds = [
    { label: 'Zuul bearer token', detail: 'For Zuul tenants that protect reads (Authorization: Bearer …).', secret: 'bearer' as const },
    { label: 'Gerrit user and HTTP password', detail: 'From Gerrit Settings → HTTP Credentials (Authorization: Basic …).', secret: 'basic' as const },
    ...(stored ? [{ label: 'Remove stored credentials', detail: `Forget what is stored for ${host}.`, secret: 'remove' as const }] : []),
  ];
  const choice = await vscode.window.showQuickPick(kinds, { title: `Log Triage: credentials for ${host}`, ignoreFocusOut: true });
  if (!choice) return undefined;
  if (choice.secret === 'remove') {
    await credentials.delete(host);
    void vscode.window.showInformationMessage(`Log Triage: credentials for ${plainNotification(host)} removed.`);
    return undefined;
  }
  let credential: Credential | undefined;
  if (choice.secret === 'bearer') {
    const token = await vscode.window.showInputBox({ title: `Zuul token for ${host}`, prompt: 'Bearer token', password: true, ignoreFocusOut: true });
    if (token?.trim()) credential = { kind: 'bearer', token: token.trim() };
  } else {
    const user = await vscode.window.showInputBox({ title: `Gerrit user for ${host}`, prompt: 'User name', ignoreFocusOut: true });
    const password = user?.trim()
      ? await vscode.window.showInputBox({ title: `Gerrit HTTP password for ${host}`, prompt: 'HTTP password (not your login password)', password: true, ignoreFocusOut: true })
      : undefined;
    if (user?.trim() && password) credential = { kind: 'basic', user: user.trim(), password };
  }
  if (!credential) return undefined;
  await credentials.set(host, credential);
  // The host is logged, the secret never is.
  services.log.info(`Credentials stored for ${host} (${credential.kind})`);
  void vscode.window.showInformationMessage(`Log Triage: credentials for ${plainNotification(host)} stored.`);
  return undefined;
};

async function pickHost(storedHosts: readonly string[]): Promise<string | undefined> {
  const known = new Set<string>(storedHosts);
  for (const [gerritHost, zuul] of Object.entries(readConfig().zuulMap)) {
    known.add(normalizeHost(gerritHost));
    known.add(normalizeHost(zuul.url));
  }
  const other = '$(add) Other host…';
  const items = [...[...known].sort().map((host) => ({ label: host, description: storedHosts.includes(host) ? 'stored' : '' })), { label: other, description: '' }];
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Log Triage: credentials for which host?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.label !== other) return picked.label;
  const typed = await vscode.window.showInputBox({
    title: 'Log Triage: host',
    prompt: 'Host name as in the URLs, e.g. review.opendev.org or zuul.example.org',
    ignoreFocusOut: true,
    validateInput: (value) => (/^[\w.-]+(?::\d+)?$/.test(normalizeHost(value)) && value.trim() !== '' ? undefined : 'Enter a host name.'),
  });
  return typed ? normalizeHost(typed) : undefined;
}

function credentialFrom(value: unknown): Credential | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Record<string, unknown>;
  if (candidate['kind'] === 'bearer' && typeof candidate['token'] === 'string') return { kind: 'bearer', token: candidate['token'] };
  if (candidate['kind'] === 'basic' && typeof candidate['user'] === 'string' && typeof candidate['password'] === 'string') {
    return { kind: 'basic', user: candidate['user'], password: candidate['password'] };
  }
  return undefined;
}
