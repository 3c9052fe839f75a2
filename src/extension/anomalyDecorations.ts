// Editor decorations for the current report: one decoration type per distance bucket (never one per line), themable
// colours from contributes.colors, applied when an editor showing a report file becomes visible. Hovers come from a
// hover provider that looks the line up when asked: a hover message per decoration went to the renderer with every
// update, tens of MB for a log with 100k flagged lines.
import * as vscode from 'vscode';
import type { Anomaly, FileReport } from '../core/report';
import { DISTANCE_BUCKETS, distanceBucket, type DistanceBucket } from '../protocol';
import type { DecorationStyle } from './config';
import { anomaliesByLine } from './anomalyNavigation';
import { plainNotification } from './notificationText';
import { READONLY_SCHEME } from './readonlyLogFileSystem';
import { type ReportStore, uriKey } from './reportStore';

/** Theme colour ids contributed in package.json; the manifest test checks each one used here is contributed. */
export function backgroundColorId(bucket: DistanceBucket): string {
  return `logTriage.anomaly${bucket}Background`;
}
export function rulerColorId(bucket: DistanceBucket): string {
  return `logTriage.anomaly${bucket}Ruler`;
}

export class AnomalyDecorations implements vscode.Disposable {
  private types = new Map<DistanceBucket, vscode.TextEditorDecorationType>();
  /** Lines decorated per document (by on-disk path), 1-based, for the test API. */
  private readonly applied = new Map<string, number[]>();
  /** Editors visible at the last change: only newly shown ones need their decorations. */
  private visible = new Set<vscode.TextEditor>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly store: ReportStore,
    private readonly extensionUri: vscode.Uri,
    private style: DecorationStyle,
  ) {
    this.types = this.createTypes();
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        // Opening another file, switching tabs elsewhere or showing a panel fires this too: editors that stay
        // visible keep their decorations.
        for (const editor of editors) if (!this.visible.has(editor)) this.apply(editor);
        this.visible = new Set(editors);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)),
      vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: READONLY_SCHEME }], { provideHover: (document, position) => this.hover(document, position) }),
    );
    this.visible = new Set(vscode.window.visibleTextEditors);
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const file = this.store.liveFileFor(document.uri);
    if (file === undefined) return undefined;
    const line = position.line + 1;
    const anomaly = anomaliesByLine(file).get(line);
    return anomaly === undefined ? undefined : new vscode.Hover(hoverFor(anomaly, file, line), document.lineAt(position.line).range);
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const file = this.store.liveFileFor(event.document.uri);
    if (file === undefined) return;
    this.markStale(event.document.uri, file);
  }

  /** The report's line numbers no longer fit this document: no highlights for it until the next analysis. */
  private markStale(uri: vscode.Uri, file: FileReport): void {
    const key = uriKey(uri);
    this.store.markStale(uri);
    for (const editor of vscode.window.visibleTextEditors) if (uriKey(editor.document.uri) === key) this.apply(editor);
    void vscode.window.showInformationMessage(
      `Log Triage: ${plainNotification(file.path)} changed after it was analysed, so its highlights, and moves and panel clicks into it, are off until the next analysis.`,
    );
  }

  setStyle(style: DecorationStyle): void {
    if (style === this.style) return;
    this.style = style;
    this.types.forEach((type) => type.dispose());
    this.types = this.createTypes();
    this.refresh();
  }

  /** Re-applies to every visible editor: called when the report changes or is cleared. */
  refresh(): void {
    this.applied.clear();
    vscode.window.visibleTextEditors.forEach((editor) => this.apply(editor));
  }

  /** Accepts a Uri, a URI string or a plain file path. */
  decoratedLines(target: vscode.Uri | string): number[] {
    const uri = typeof target !== 'string' ? target : /^[a-z][\w+.-]+:\//i.test(target) ? vscode.Uri.parse(target) : vscode.Uri.file(target);
    const key = uriKey(uri);
    return key === undefined ? [] : [...(this.applied.get(key) ?? [])];
  }

  private apply(editor: vscode.TextEditor): void {
    const key = uriKey(editor.document.uri);
    if (key === undefined) return;
    const file = this.store.liveFileFor(editor.document.uri);
    // A log rewritten on disk while it was closed (a growing log, one fetched again) opens with other lines: its line
    // count no longer matches the report's (an editor counts one more line after a final line break).
    if (file && file.lines !== editor.document.lineCount && file.lines + 1 !== editor.document.lineCount) {
      this.markStale(editor.document.uri, file);
      return;
    }
    const options = new Map<DistanceBucket, vscode.DecorationOptions[]>(DISTANCE_BUCKETS.map((bucket) => [bucket.name, []]));
    const lines: number[] = [];
    for (const anomaly of file?.anomalies ?? []) {
      for (const line of [anomaly.line, ...anomaly.repeats]) {
        if (!file || line < 1 || line > editor.document.lineCount) continue;
        options.get(distanceBucket(anomaly.distance))?.push({ range: new vscode.Range(line - 1, 0, line - 1, 0) });
        lines.push(line);
      }
    }
    for (const [bucket, type] of this.types) editor.setDecorations(type, options.get(bucket) ?? []);
    if (file) this.applied.set(key, lines.sort((a, b) => a - b));
    else this.applied.delete(key);
  }

  private createTypes(): Map<DistanceBucket, vscode.TextEditorDecorationType> {
    const background = this.style !== 'gutter';
    const gutter = this.style !== 'background';
    return new Map(
      DISTANCE_BUCKETS.map(({ name }) => [
        name,
        vscode.window.createTextEditorDecorationType({
          isWholeLine: true,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          ...(background ? { backgroundColor: new vscode.ThemeColor(backgroundColorId(name)) } : {}),
          overviewRulerColor: new vscode.ThemeColor(rulerColorId(name)),
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          // The bar is wider for a higher bucket (told apart without its colour), and darker on light themes, where
          // the dark theme's colours were faint (about 1.9:1 for the low bucket on white).
          ...(gutter
            ? {
                gutterIconSize: 'contain',
                dark: { gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', `gutter-${name.toLowerCase()}.svg`) },
                light: { gutterIconPath: vscode.Uri.joinPath(this.extensionUri, 'media', `gutter-${name.toLowerCase()}-light.svg`) },
              }
            : {}),
        }),
      ]),
    );
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.types.forEach((type) => type.dispose());
    this.types.clear();
  }
}

/** Log text goes in as text or a code block only: a log line must never be rendered as markdown. */
export function hoverFor(anomaly: Anomaly, file: FileReport, line: number): vscode.MarkdownString {
  const hover = new vscode.MarkdownString();
  hover.appendText(`Log Triage: distance ${anomaly.distance.toFixed(2)} (${distanceBucket(anomaly.distance).toLowerCase()}), file model ${file.model}`);
  if (line !== anomaly.line) hover.appendText(`\n\nSame tokens as line ${anomaly.line}.`);
  if (anomaly.truncated) hover.appendText('\n\nThe line was cut before scoring because it is very long.');
  if (anomaly.nearest !== undefined) {
    hover.appendText(`\n\nNearest baseline line${anomaly.nearestSource ? ` (${anomaly.nearestSource})` : ''}:\n`);
    hover.appendCodeblock(anomaly.nearest, 'log');
  } else {
    hover.appendText('\n\nNo baseline line shares a token with this line.');
  }
  return hover;
}
