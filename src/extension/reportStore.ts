// The current report: one source of truth for decorations, navigation, the status bar and the panel.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_VERSION, type FileReport, type Report } from '../core/report';
import { reportIdentity } from '../protocol';
import { writeWholeFile } from '../sources/wholeFile';
import { READONLY_SCHEME } from './readonlyLogFileSystem';

/** The path keys of the report's local files modified after the report was made. */
async function changedSince(report: Report): Promise<string[]> {
  const made = Date.parse(report.createdAt);
  if (!Number.isFinite(made)) return [];
  const changed: string[] = [];
  await Promise.all(
    report.files.map(async (file) => {
      if (file.localPath === undefined) return;
      try {
        if ((await fs.stat(file.localPath)).mtimeMs > made) changed.push(pathKey(file.localPath));
      } catch {
        // A file gone from disk is told when it is opened (see AnomalyNavigator.open).
      }
    }),
  );
  return changed;
}

/** Workspace-state key of the current report's identity (see `reportIdentity`); null once the report is cleared. */
const CURRENT_REPORT_KEY = 'logTriage.currentReport';
/** The current report, in the workspace's storage folder. */
const REPORT_FILE = 'current-report.json';

export class ReportStore implements vscode.Disposable {
  private report: Report | undefined;
  private byLocalPath = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<Report | undefined>();
  /** Fires after the current report is replaced or cleared. */
  readonly onDidChange = this.changed.event;
  /** Logs changed since the report was made, by key (see markStale); cleared with each new report. */
  private readonly stale = new Set<string>();
  private readonly staleChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidMarkStale = this.staleChanged.event;

  /** Writes of the report file, one after another, so the last report set is the one left on disk. */
  private saving: Promise<void> = Promise.resolve();

  /**
   * `workspaceState` remembers which report is current across window reloads, and `storageFolder` (the workspace's
   * storage, absent in a window without a folder) keeps the report itself, so it comes back after a reload whether
   * or not the panel was open. Without a folder, the panel's saved copy is what brings it back (see AnomalyPanel).
   */
  constructor(
    private readonly workspaceState?: vscode.Memento,
    private readonly storageFolder?: string,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  /** Whether the report is kept on disk by this store (then the panel need not keep a copy of its own). */
  get keepsReport(): boolean {
    return this.storageFolder !== undefined;
  }

  /** After a reload: the report kept on disk, when it is still the current one and nothing replaced it meanwhile. */
  async restore(): Promise<void> {
    if (this.storageFolder === undefined || this.report !== undefined) return;
    let saved: unknown;
    try {
      saved = JSON.parse(await fs.readFile(path.join(this.storageFolder, REPORT_FILE), 'utf8'));
    } catch {
      return;
    }
    if (this.report !== undefined || !isReport(saved) || !this.wasCurrent(saved)) return;
    // Which logs changed while no window watched them (edited and saved before the reload, rewritten on disk): the
    // line count alone let a log with as many lines come back highlighted on the wrong lines.
    const changed = await changedSince(saved);
    if (this.report !== undefined) return;
    this.log?.info(`Restored the report of ${saved.createdAt}${changed.length > 0 ? `; ${changed.length} of its logs changed since` : ''}.`);
    this.set(saved, false, changed);
  }

  get current(): Report | undefined {
    return this.report;
  }

  /**
   * Replaces (or clears) the current report; `keep` writes it to the workspace storage too (see `restore`).
   * `changed`: files of the report (by path key) already known to have changed since it was made.
   */
  set(report: Report | undefined, keep = true, changed: readonly string[] = []): void {
    this.report = report;
    this.stale.clear();
    for (const key of changed) this.stale.add(key);
    this.byLocalPath = new Map();
    report?.files.forEach((file, index) => {
      if (file.localPath) this.byLocalPath.set(pathKey(file.localPath), index);
    });
    void vscode.commands.executeCommand('setContext', 'logTriage.hasReport', report !== undefined);
    void this.workspaceState?.update(CURRENT_REPORT_KEY, report ? reportIdentity(report) : null);
    if (keep) this.keep(report);
    this.changed.fire(report);
  }

  private keep(report: Report | undefined): void {
    const folder = this.storageFolder;
    if (folder === undefined) return;
    const file = path.join(folder, REPORT_FILE);
    this.saving = this.saving
      .then(async () => {
        if (report === undefined) {
          await fs.rm(file, { force: true });
          return;
        }
        // Whole, so a reload never reads half a report.
        await writeWholeFile(file, JSON.stringify(report));
      })
      .catch((error: unknown) => this.log?.warn(`Could not keep the report for the next window reload: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Whether a report a panel saved before a window reload is still the current one: not when it was cleared or
   * replaced since. A workspace that never recorded one (an older version saved the panel) takes it.
   */
  wasCurrent(report: Report): boolean {
    const recorded = this.workspaceState?.get<string | null>(CURRENT_REPORT_KEY);
    return recorded === undefined || recorded === reportIdentity(report);
  }

  /** Index into report.files of the file shown by a document, matched by path on disk. */
  fileIndexFor(uri: vscode.Uri): number | undefined {
    const key = uriKey(uri);
    return key === undefined ? undefined : this.byLocalPath.get(key);
  }

  fileFor(uri: vscode.Uri): FileReport | undefined {
    const index = this.fileIndexFor(uri);
    return index === undefined ? undefined : this.report?.files[index];
  }

  /**
   * Marks the log at `uri` as changed since the report was made (edited, or rewritten on disk): the report's line
   * numbers no longer fit it, so no highlight, hover, move or panel click may point into it until the next report.
   */
  markStale(uri: vscode.Uri): void {
    const key = uriKey(uri);
    if (key === undefined || this.stale.has(key)) return;
    this.stale.add(key);
    this.staleChanged.fire(uri);
  }

  isStale(file: FileReport): boolean {
    return file.localPath !== undefined && this.stale.has(pathKey(file.localPath));
  }

  /** fileFor, but undefined for a log that changed since the report was made (see markStale). */
  liveFileFor(uri: vscode.Uri): FileReport | undefined {
    const key = uriKey(uri);
    return key === undefined || this.stale.has(key) ? undefined : this.fileFor(uri);
  }

  fileByReportPath(reportPath: string): { readonly file: FileReport; readonly index: number } | undefined {
    const index = this.report?.files.findIndex((file) => file.path === reportPath) ?? -1;
    const file = this.report?.files[index];
    return file ? { file, index } : undefined;
  }

  dispose(): void {
    this.changed.dispose();
    this.staleChanged.dispose();
  }
}

/** Paths compare after normalisation; case is kept (log trees are case-sensitive). */
export function pathKey(fsPath: string): string {
  // Absolute, and with a lower-case drive letter as `Uri.fsPath` gives it, so a path typed as `C:\logs` and a
  // document's `c:\logs` compare equal.
  const resolved = path.resolve(fsPath);
  return /^[A-Z]:[\\/]/.test(resolved) ? resolved.charAt(0).toLowerCase() + resolved.slice(1) : resolved;
}

/** The on-disk path behind a document, for plain files and for the read-only view of downloaded logs. */
export function uriKey(uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'file' || uri.scheme === READONLY_SCHEME) return pathKey(uri.fsPath);
  return undefined;
}

/** A report restored from webview state is only trusted when it has the shape this version writes. */
export function isReport(value: unknown): value is Report {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Report>;
  return candidate.version === REPORT_VERSION && Array.isArray(candidate.files) && Array.isArray(candidate.models) && Array.isArray(candidate.skipped);
}
