// Shared helpers of the extension-host tests: the extension's API, the reference datasets, polling.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { E2eFixtures } from '../fixtureLauncher';

export const EXTENSION_ID = 'log-triage.log-triage';

/** What activate() returns, as far as these tests rely on it. */
export interface LogTriageApi {
  readonly commandIds: readonly string[];
  currentReport(): unknown;
  decoratedLines(uri: vscode.Uri): unknown;
  handleUri(uri: vscode.Uri): Promise<void>;
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

/** The parts of the report these tests read (the full shape lives in src/core/report.ts). */
export interface ReportView {
  readonly createdAt?: string;
  readonly source?: { readonly job?: string; readonly baselines?: readonly unknown[] };
  readonly files: readonly {
    readonly path: string;
    readonly localPath?: string;
    readonly anomalies: readonly { readonly line: number; readonly text: string; readonly repeats: readonly number[] }[];
  }[];
}

export function asReport(value: unknown): ReportView {
  assert.ok(value && typeof value === 'object' && Array.isArray((value as ReportView).files), `not a report: ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as ReportView;
}

/** 1-based decorated lines the API reports for a document. */
export function decorated(api: LogTriageApi, uri: vscode.Uri): number[] {
  const lines = api.decoratedLines(uri);
  assert.ok(Array.isArray(lines), 'decoratedLines() must return an array of line numbers');
  return lines as number[];
}

/**
 * Copies conformance datasets into a temp workspace as target/<name> and baseline/<name>: the same file name on both
 * sides, so every grouping rule pairs them.
 */
export function stageCases(root: string, cases: readonly { readonly dataset: string; readonly name: string }[]): { target: string[]; baseline: string[] } {
  const shared = sharedDir();
  const target: string[] = [];
  const baseline: string[] = [];
  fs.mkdirSync(path.join(root, 'target'), { recursive: true });
  fs.mkdirSync(path.join(root, 'baseline'), { recursive: true });
  for (const { dataset, name } of cases) {
    const dir = path.join(shared, 'data', 'conformance', dataset);
    const files = fs.readdirSync(dir);
    const fail = files.find((f) => f.endsWith('.fail'));
    const good = files.find((f) => f.endsWith('.good'));
    assert.ok(fail && good, `${dataset} has no .fail/.good pair`);
    target.push(path.join(root, 'target', name));
    baseline.push(path.join(root, 'baseline', name));
    fs.copyFileSync(path.join(dir, fail), target[target.length - 1]!);
    fs.copyFileSync(path.join(dir, good), baseline[baseline.length - 1]!);
  }
  return { target, baseline };
}

/** Opens a file and waits until the extension has decorated it. */
export async function showDecorated(api: LogTriageApi, file: string): Promise<{ editor: vscode.TextEditor; lines: number[] }> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  const lines = await waitFor(`decorations on ${file}`, () => {
    const now = decorated(api, editor.document.uri);
    return now.length > 0 ? now : undefined;
  });
  return { editor, lines };
}

/** The 1-based cursor line of the active editor, and its file. */
export function cursor(): { file: string; line: number } {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'no active editor');
  return { file: editor.document.uri.fsPath, line: editor.selection.active.line + 1 };
}

/** What test/e2e/fixtureLauncher.ts wrote for this run, or undefined when the run has no fixture server. */
export type FixturesFile = E2eFixtures;

export function fixtures(): FixturesFile | undefined {
  const file = process.env.LOG_TRIAGE_E2E_FIXTURES;
  return file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FixturesFile) : undefined;
}
