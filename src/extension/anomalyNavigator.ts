// Moves the cursor between anomalies and file models of the current report, opening files as needed, and keeps the
// panel's selection and the context keys (`logTriage.editorHasAnomalies`, `logTriage.anomalyPaths`) in step with the
// editors.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileReport } from '../core/report';
import { anomalyLines, hasLine, nextAnomaly, nextGroup, type AnomalyPosition, type Direction } from './anomalyNavigation';
import type { AnomalyPanel } from './panel/anomalyPanel';
import { plainNotification } from './notificationText';
import { ReadonlyLogFileSystem } from './readonlyLogFileSystem';
import { activeTabUri, activeTabUris, tabColumn } from './tabs';
import { pathKey, type ReportStore, uriKey } from './reportStore';

export class AnomalyNavigator implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private followTimer: NodeJS.Timeout | undefined;
  /** Files already reported as shown without highlights (see `open`): one warning each, per report. */
  private readonly undecorated = new Set<string>();
  /** Logs changed since the report was made that a move passed over, told once each per report. */
  private readonly toldStale = new Set<string>();
  /**
   * Where the last move went, in which report. A log over 50 MB opens without a text editor extensions can see, and
   * a file may have no local copy: the next move then continues from here instead of starting over at the first
   * anomaly, which kept "Next Anomaly" on the same line.
   */
  private last: { readonly report: object; readonly fileIndex: number; readonly line: number } | undefined;

  constructor(
    private readonly store: ReportStore,
    private readonly panel: AnomalyPanel,
    /** Files under this folder were downloaded and open read-only. */
    private readonly cacheDir: string,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateContext()),
      // A log over 50 MB shows in a tab without a text editor: only tab events tell that it came or went.
      vscode.window.tabGroups.onDidChangeTabs(() => this.updateContext()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.updateContext()),
      store.onDidChange(() => {
        this.undecorated.clear();
        this.toldStale.clear();
        this.last = undefined;
        this.updateContext();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.followSelection(event)),
      store.onDidMarkStale(() => this.updateContext()),
    );
  }

  /**
   * `from`: the log whose editor title button was clicked. A title button of an editor group that is not the active
   * one moves in that group's log, and opens where that log is shown.
   */
  async nextAnomaly(direction: Direction, from?: vscode.Uri): Promise<void> {
    const report = this.store.current;
    if (!report) return this.noReport();
    const clicked = from === undefined ? undefined : editorShowing(from);
    const here = this.position(report, clicked);
    // Logs changed since the report was made are passed over: their lines no longer say where an anomaly is.
    const next = nextAnomaly(report, here?.fileIndex, here?.line ?? 0, direction, (file) => this.passOver(file));
    if (!next && report.files.some((file) => file.anomalies.length > 0)) return this.allStale();
    await this.go(next, false, clicked?.viewColumn);
  }

  /** Whether a move passes over `file`: it changed since the report was made. Told once per file (see markStale). */
  private passOver(file: FileReport): boolean {
    if (!this.store.isStale(file)) return false;
    if (file.localPath && !this.toldStale.has(file.localPath)) {
      this.toldStale.add(file.localPath);
      void vscode.window.showInformationMessage(`Log Triage: ${plainNotification(file.path)} is passed over: it changed after it was analysed. Analyze again to see its anomalies.`);
    }
    return true;
  }

  private allStale(): void {
    void vscode.window.showInformationMessage('Log Triage: every log with anomalies changed after it was analysed. Analyze again to see them.');
  }

  /**
   * The cursor in a report file (in `editor`, else the active one), else the last move's place (see `last`). A log
   * over 50 MB in the active tab has no cursor extensions can read: the last move's place when it is in that log,
   * else the log's start.
   */
  private position(report: object, editor = vscode.window.activeTextEditor): { fileIndex: number; line: number } | undefined {
    // A log changed since the report was made is not a place in the report any more: move on from the last one.
    const fileIndex = editor && this.store.liveFileFor(editor.document.uri) ? this.store.fileIndexFor(editor.document.uri) : undefined;
    if (editor && fileIndex !== undefined) return { fileIndex, line: editor.selection.active.line + 1 };
    const last = this.last?.report === report ? { fileIndex: this.last.fileIndex, line: this.last.line } : undefined;
    const tab = editor === undefined ? activeTabUri() : undefined;
    const tabFile = tab && this.store.liveFileFor(tab) ? this.store.fileIndexFor(tab) : undefined;
    if (tabFile !== undefined && tabFile !== last?.fileIndex) return { fileIndex: tabFile, line: 0 };
    return last;
  }

  async nextGroup(direction: Direction): Promise<void> {
    const report = this.store.current;
    if (!report) return this.noReport();
    const next = nextGroup(report, this.position(report)?.fileIndex, direction, (file) => this.passOver(file));
    if (!next && report.files.some((file) => file.anomalies.length > 0)) return this.allStale();
    await this.go(next);
  }

  /** Opens a report file (by its report path) at a line: used by the panel. */
  async reveal(reportPath: string, line: number): Promise<void> {
    const found = this.store.fileByReportPath(reportPath);
    if (!found) throw new Error(`${reportPath} is not in the current report.`);
    if (this.store.isStale(found.file)) {
      // Its line numbers no longer point at the anomalies: a click would land on another line.
      void vscode.window.showWarningMessage(`Log Triage: ${plainNotification(found.file.path)} changed after it was analysed, so line ${line} may be another line now. Analyze again to see its anomalies.`);
      return;
    }
    await this.open(found.file, line);
    // The next move goes on from the clicked line, also where no editor shows a cursor (a log over 50 MB).
    const report = this.store.current;
    if (report) this.last = { report, fileIndex: found.index, line };
  }

  /**
   * Opens the first file with anomalies at its first anomaly after an analysis. Focus stays where it is: an analysis
   * can end long after it started, and must not take the keyboard from whatever the user does meanwhile.
   */
  async revealFirst(): Promise<void> {
    const report = this.store.current;
    // A report without anomalies was announced as such already (see services.ts): nothing to open, nothing to add.
    const first = report ? nextAnomaly(report, undefined, 0, 1) : undefined;
    if (first) await this.go(first, true);
  }

  private async go(position: AnomalyPosition | undefined, preserveFocus = false, column?: vscode.ViewColumn): Promise<void> {
    const file = position ? this.store.current?.files[position.fileIndex] : undefined;
    if (!position || !file) {
      void vscode.window.showInformationMessage('Log Triage: the current report has no anomalies.');
      return;
    }
    const report = this.store.current;
    if (report) this.last = { report, fileIndex: position.fileIndex, line: position.line };
    await this.open(file, position.line, preserveFocus, column);
    this.panel.select(file.path, position.line);
  }

  private async open(file: FileReport, line: number, preserveFocus = false, column?: vscode.ViewColumn): Promise<void> {
    if (!file.localPath) {
      void vscode.window.showWarningMessage(`Log Triage: ${plainNotification(file.path)} has no local copy to open.`);
      return;
    }
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    const selection = new vscode.Selection(position, position);
    const uri = this.uriFor(file.localPath);
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(file.localPath));
    } catch {
      // Clearing the download cache (or its size cap) can remove a report's files; opening would show an empty
      // "file not found" editor, and the 50 MB explanation below would be wrong.
      void vscode.window.showWarningMessage(`Log Triage: the copy of ${plainNotification(file.path)} this report was made from is gone (the download cache was cleared?). Analyze again to see it.`);
      return;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      // VS Code does not hand extensions a file over 50 MB ("cannot be synchronized with extensions"), and a
      // million-line job-output.txt often is one. The workbench itself can still show it: opened through it, at the
      // line, without highlights; the panel lists its anomalies.
      // Where its tab is, else where a text editor would go: not over the panel, which the active group may hold.
      await vscode.commands.executeCommand('vscode.open', uri, { selection, preserveFocus, preview: true, viewColumn: column ?? tabColumn(uri) ?? this.freeColumn() } satisfies vscode.TextDocumentShowOptions);
      if (!this.undecorated.has(file.localPath)) {
        this.undecorated.add(file.localPath);
        const reason = error instanceof Error ? error.message : String(error);
        void vscode.window.showWarningMessage(
          `Log Triage: ${plainNotification(file.path)} is shown without highlights: VS Code does not let extensions read it (${plainNotification(reason)}). The panel lists its anomalies.`,
        );
      }
      return;
    }
    const editor = await vscode.window.showTextDocument(document, { selection, preserveFocus, preview: true, viewColumn: column ?? this.columnFor(document) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * Where a log opens: where it is already shown, else in a text editor group that does not hold the panel, so a click
   * in the panel never hides the panel behind the log.
   */
  private columnFor(document: vscode.TextDocument): vscode.ViewColumn {
    // The active group first: with the log in two groups, a move from the keyboard stays where the user is.
    const active = vscode.window.activeTextEditor;
    if (active?.document === document && active.viewColumn !== undefined) return active.viewColumn;
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document)?.viewColumn;
    return shown ?? this.freeColumn();
  }

  /** The active text editor's group unless it holds the panel, else another text editor's, else one beside the panel. */
  private freeColumn(): vscode.ViewColumn {
    const panelColumn = this.panel.viewColumn;
    const active = vscode.window.activeTextEditor?.viewColumn;
    if (active !== undefined && active !== panelColumn) return active;
    const other = vscode.window.visibleTextEditors.map((editor) => editor.viewColumn).find((column) => column !== undefined && column !== panelColumn);
    if (other !== undefined) return other;
    return panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  /** An already open document for the path wins (whatever its scheme); downloaded logs otherwise open read-only. */
  private uriFor(localPath: string): vscode.Uri {
    const key = pathKey(localPath);
    const open = vscode.workspace.textDocuments.find((document) => uriKey(document.uri) === key);
    if (open) return open.uri;
    const relative = path.relative(this.cacheDir, localPath);
    const downloaded = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    return downloaded ? ReadonlyLogFileSystem.uriFor(localPath) : vscode.Uri.file(localPath);
  }

  private followSelection(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.panel.visible || event.textEditor !== vscode.window.activeTextEditor) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      const file = this.store.liveFileFor(event.textEditor.document.uri);
      const line = event.textEditor.selection.active.line + 1;
      if (file && hasLine(anomalyLines(file), line)) this.panel.select(file.path, line);
    }, 150);
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const activeUri = editor?.document.uri ?? activeTabUri();
    const file = activeUri ? this.store.liveFileFor(activeUri) : undefined;
    void vscode.commands.executeCommand('setContext', 'logTriage.editorHasAnomalies', (file?.anomalies.length ?? 0) > 0);
    // The editor title buttons are evaluated per editor group, against that group's editor: a global flag showed
    // them on every group (the panel's too) while the active log had anomalies. Keyed as the `resourcePath` context
    // key reads a document (the file path for files, the URI's path for other schemes), for the visible logs only.
    // A file also goes in by its URI path: a remote window's workbench reads a Windows host's files that way.
    const paths: Record<string, true> = {};
    // Each group's active tab as well as the text editors: a log over 50 MB is a tab without one.
    const shown = [...vscode.window.visibleTextEditors.map((visible) => visible.document.uri), ...activeTabUris()];
    for (const uri of shown) {
      if ((this.store.liveFileFor(uri)?.anomalies.length ?? 0) === 0) continue;
      paths[uri.path] = true;
      if (uri.scheme === 'file') paths[uri.fsPath] = true;
    }
    void vscode.commands.executeCommand('setContext', 'logTriage.anomalyPaths', paths);
  }

  private noReport(): void {
    void vscode.window.showInformationMessage('Log Triage: no report yet. Analyze a change, a build or a file first.');
  }

  dispose(): void {
    clearTimeout(this.followTimer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

/**
 * The editor showing `uri`: the active one when it does, else the first. With the same log in two groups a button of
 * the group that is not active cannot be told apart (VS Code runs it without activating its group and names the
 * group only by an internal id), so it moves from the active group's cursor.
 */
function editorShowing(uri: vscode.Uri): vscode.TextEditor | undefined {
  const key = uri.toString();
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.toString() === key) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === key);
}
