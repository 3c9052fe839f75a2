// Per-host credentials kept in SecretStorage only. Host names (not secrets) are indexed in globalState so they can be
// listed; the tokens themselves never touch settings, logs or the report.
import * as vscode from 'vscode';

export type Credential =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string };

const SECRET_PREFIX = 'logTriage.credentials/';
const HOST_INDEX_KEY = 'logTriage.credentialHosts';

export class CredentialStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly globalState: vscode.Memento,
  ) {}

  hosts(): readonly string[] {
    return this.globalState.get<string[]>(HOST_INDEX_KEY, []);
  }

  async set(host: string, credential: Credential): Promise<void> {
    const key = normalizeHost(host);
    await this.secrets.store(SECRET_PREFIX + key, JSON.stringify(credential));
    const hosts = new Set(this.hosts());
    hosts.add(key);
    await this.globalState.update(HOST_INDEX_KEY, [...hosts].sort());
  }

  async delete(host: string): Promise<void> {
    const key = normalizeHost(host);
    await this.secrets.delete(SECRET_PREFIX + key);
    await this.globalState.update(HOST_INDEX_KEY, this.hosts().filter((known) => known !== key));
  }

  async get(host: string): Promise<Credential | undefined> {
    const stored = await this.secrets.get(SECRET_PREFIX + normalizeHost(host));
    return stored === undefined ? undefined : parseCredential(stored);
  }

  /** Request headers for a URL; looked up per request so a credential set mid-download is used at once. */
  readonly authHeaders = async (url: string): Promise<Readonly<Record<string, string>>> => {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return {};
    }
    const credential = await this.get(host);
    if (!credential) return {};
    if (credential.kind === 'bearer') return { Authorization: `Bearer ${credential.token}` };
    return { Authorization: `Basic ${Buffer.from(`${credential.user}:${credential.password}`, 'utf8').toString('base64')}` };
  };
}

/** Accepts "host", "host:port" or a whole URL and keeps the `host[:port]` part, lower-cased. */
export function normalizeHost(input: string): string {
  const trimmed = input.trim();
  try {
    return new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`).host.toLowerCase();
  } catch {
    return trimmed.toLowerCase();
  }
}

function parseCredential(stored: string): Credential | undefined {
  try {
    const value = JSON.parse(stored) as Partial<Record<string, unknown>>;
    if (value['kind'] === 'bearer' && typeof value['token'] === 'string') return { kind: 'bearer', token: value['token'] };
    if (value['kind'] === 'basic' && typeof value['user'] === 'string' && typeof value['password'] === 'string') {
      return { kind: 'basic', user: value['user'], password: value['password'] };
    }
  } catch {
    // A corrupt entry is treated as absent; the user can set it again.
  }
  return undefined;
}
