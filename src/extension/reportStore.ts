// The current report: one source of truth for decorations, navigation, the status bar and the panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_VERSION, type FileReport, type Report } from '../core/report';
import { READONLY_SCHEME } from './readonlyLogFileSystem';

export class ReportStore implements vscode.Disposable {
  private report: Report | undefined;
  private byLocalPath = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<Report | undefined>();
  /** Fires after the current report is replaced or cleared. */
  readonly onDidChange = this.changed.event;

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
    this.changed.fire(report);
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
  return path.normalize(fsPath);
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
