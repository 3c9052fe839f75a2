// Shared helpers of the extension-host tests: the extension's API, the reference datasets, polling.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'log-triage.log-triage';

/** What activate() returns, as far as these tests rely on it. */
export interface LogTriageApi {
  readonly commandIds: readonly string[];
  currentReport(): unknown;
  decoratedLines(uri: vscode.Uri): unknown;
}

export async function activatedApi(): Promise<LogTriageApi> {
  const extension = vscode.extensions.getExtension<LogTriageApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  assert.strictEqual(extension.isActive, true);
  return api;
}

/** Command ids the manifest contributes, read from the manifest VS Code loaded. */
export function contributedCommandIds(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const manifest = extension.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}

/** ../shared beside the repository; run.sh passes its absolute path because the extension host's cwd is not the repo. */
export function sharedDir(): string {
  const dir = process.env.LOG_TRIAGE_E2E_SHARED;
  assert.ok(dir && fs.existsSync(dir), `LOG_TRIAGE_E2E_SHARED (${dir}) is not the shared reference folder`);
  return dir;
}

/** Expected anomaly lines of a conformance dataset: the `- line: |` blocks of its inf.yaml, trimmed. */
export function expectedAnomalies(caseDir: string): string[] {
  const text = fs.readFileSync(path.join(caseDir, 'inf.yaml'), 'utf8');
  const lines: string[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    if (!/^\s*- line: \|\s*$/.test(row)) continue;
    const block: string[] = [];
    const indent = /^(\s*)/.exec(row)?.[1]?.length ?? 0;
    while (i + 1 < rows.length && (rows[i + 1] ?? '').trim() !== '' && /^(\s*)/.exec(rows[i + 1] ?? '')![1]!.length > indent + 2) {
      block.push((rows[++i] ?? '').trim());
    }
    if (block.length) lines.push(block.join('\n'));
  }
  assert.ok(lines.length > 0, `no anomalies parsed from ${caseDir}/inf.yaml`);
  return lines;
}

/** A fresh folder under the OS temp dir (never inside the repository), removed by the caller. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `log-triage-e2e-${prefix}-`));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
