// The current report: one source of truth for decorations, navigation, the status bar and the panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_VERSION, type FileReport, type Report } from '../core/report';
import { READONLY_SCHEME } from './readonlyLogFileSystem';

/** Workspace-state key of the current report's identity (see `reportIdentity`); null once the report is cleared. */
const CURRENT_REPORT_KEY = 'logTriage.currentReport';

export class ReportStore implements vscode.Disposable {
  private report: Report | undefined;
  private byLocalPath = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<Report | undefined>();
  /** Fires after the current report is replaced or cleared. */
  readonly onDidChange = this.changed.event;

  /**
   * `workspaceState` remembers which report is current across window reloads. The panel keeps its own copy of the
   * report to bring it back after a reload, but a hidden panel is torn down and misses every later change: without
   * this record, a report cleared (or replaced) while the panel was hidden came back after the next reload.
   */
  constructor(private readonly workspaceState?: vscode.Memento) {}

  get current(): Report | undefined {
    return this.report;
  }

  set(report: Report | undefined): void {
    this.report = report;
    this.byLocalPath = new Map();
    report?.files.forEach((file, index) => {
      if (file.localPath) this.byLocalPath.set(pathKey(file.localPath), index);
    });
    void vscode.commands.executeCommand('setContext', 'logTriage.hasReport', report !== undefined);
    void this.workspaceState?.update(CURRENT_REPORT_KEY, report ? reportIdentity(report) : null);
    this.changed.fire(report);
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

  fileByReportPath(reportPath: string): { readonly file: FileReport; readonly index: number } | undefined {
    const index = this.report?.files.findIndex((file) => file.path === reportPath) ?? -1;
    const file = this.report?.files[index];
    return file ? { file, index } : undefined;
  }

  dispose(): void {
    this.changed.dispose();
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

/** Tells reports apart without keeping them: when and on what each was made. */
export function reportIdentity(report: Report): string {
  return `${report.createdAt}|${report.totals.baselineLines}|${report.totals.targetLines}|${report.totals.anomalyLines}`;
}

/** A report restored from webview state is only trusted when it has the shape this version writes. */
export function isReport(value: unknown): value is Report {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Report>;
  return candidate.version === REPORT_VERSION && Array.isArray(candidate.files) && Array.isArray(candidate.models) && Array.isArray(candidate.skipped);
}
