// Host side of the anomaly panel: one webview panel, typed messages both ways, nothing posted before `ready`, and a
// serializer so the panel (and the report it showed) comes back after a window reload.
import * as vscode from 'vscode';
import { isPanelViewState, reportIdentity, viewForReport, type FromWebview, type PanelViewState, type ToWebview } from '../../protocol';
import { plainNotification } from '../notificationText';
import { isReport, type ReportStore } from '../reportStore';
import { panelHtml, panelResourceRoots } from './panelHtml';

export const PANEL_VIEW_TYPE = 'logTriage.panel';

export interface PanelHost {
  readonly store: ReportStore;
  readonly extensionUri: vscode.Uri;
  readonly defaultThreshold: () => number;
  readonly reveal: (reportPath: string, line: number) => Promise<void>;
  readonly log: vscode.LogOutputChannel;
}

export class AnomalyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: ToWebview[] = [];
  private state: PanelViewState | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private panelSubscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: PanelHost) {
    this.subscriptions.push(
      host.store.onDidChange((report) => {
        // A new report starts the display filter again (see viewForReport), here and in the webview.
        if (report && this.state) this.state = viewForReport(this.state, report);
        this.post({ type: 'report', report });
      }),
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: unknown) => this.restore(panel, saved),
      }),
    );
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** The editor column the panel sits in, when it is open. */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  show(preserveFocus = false): void {
    if (this.panel) {
      const activeColumn = vscode.window.activeTextEditor?.viewColumn;
      if (this.panel.visible || !preserveFocus || activeColumn === undefined || this.panel.viewColumn !== activeColumn) {
        this.panel.reveal(undefined, preserveFocus);
        return;
      }
      // Revealing a panel hidden behind the active editor would hide that editor: open it anew beside it instead.
      const hidden = this.panel;
      this.detach(hidden);
      hidden.dispose();
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Log Triage',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: panelResourceRoots(this.host.extensionUri) },
    );
    this.attach(panel);
  }

  /** Follows the editor: the panel highlights the anomaly under the cursor. */
  select(reportPath: string, line: number): void {
    if (this.panel) this.post({ type: 'select', path: reportPath, line });
  }

  status(message: string, level: 'info' | 'error'): void {
    if (this.panel) this.post({ type: 'status', message, level });
  }

  private restore(panel: vscode.WebviewPanel, saved: unknown): void {
    const { view, report, reportId } = saved && typeof saved === 'object' ? (saved as { view?: unknown; report?: unknown; reportId?: unknown }) : {};
    // After a reload the host has no report: adopt the one the panel kept, so decorations come back too, unless
    // it was cleared or replaced while the panel was hidden (a hidden panel's saved copy is not updated).
    const savedReport = isReport(report) ? report : undefined;
    const adopt = !this.host.store.current && savedReport !== undefined && this.host.store.wasCurrent(savedReport);
    if (savedReport) {
      this.host.log.info(`Panel restored with the report of ${savedReport.createdAt}: ${adopt ? 'shown again' : 'not shown, it was cleared or replaced before the reload'}.`);
    }
    if (this.panel) {
      // A panel is open already ("Show Anomaly Panel" ran before this tab was first brought forward): keep that one
      // and its filter, but not without the report this tab kept.
      if (adopt) this.host.store.set(savedReport);
      panel.dispose();
      return;
    }
    // Adopted first: a new report restarts the display filter, and the saved filter is that report's own.
    if (adopt) this.host.store.set(savedReport);
    // The saved filter comes back with the report it was set on (kept by the panel or restored by the host), or when
    // there is no report either way; never onto another report.
    const savedId = typeof reportId === 'string' ? reportId : savedReport ? reportIdentity(savedReport) : undefined;
    const current = this.host.store.current;
    const viewApplies = current ? savedId === reportIdentity(current) : savedId === undefined;
    if (viewApplies && isPanelViewState(view)) this.state = view;
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.host.extensionUri, 'media', 'icon.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(this.host.extensionUri) };
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A hidden webview is torn down; it says `ready` again when shown, and then gets the full state.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.detach(panel)),
    ];
    panel.webview.html = panelHtml(panel.webview, this.host.extensionUri);
  }

  /** Idempotent, and a no-op for a panel that was already replaced by a newer one. */
  private detach(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panelSubscriptions.forEach((subscription) => subscription.dispose());
    this.panelSubscriptions = [];
    this.panel = undefined;
    this.ready = false;
    this.pending = [];
  }

  private receive(message: unknown): void {
    // The panel's own script is the only sender (nonce-only CSP), but its messages are still checked before use.
    if (!isFromWebview(message)) {
      this.host.log.warn('Ignored a malformed message from the panel.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.send({ type: 'init', report: this.host.store.current, state: this.viewState(), hostKeepsReport: this.host.store.keepsReport });
        break;
      case 'reveal':
        this.host.reveal(message.path, message.line).catch((error: unknown) => {
          this.host.log.error(`Could not open ${message.path}: ${error instanceof Error ? error.message : String(error)}`);
          void vscode.window.showErrorMessage(`Log Triage: could not open ${plainNotification(message.path)}.`);
        });
        break;
      case 'openUrl':
        void openWebUrl(message.url);
        break;
      case 'state': {
        // A view set for an earlier report (a keystroke still on its way when a new report came) must not bring
        // that report's search or threshold back over the new one's fresh view.
        const current = this.host.store.current;
        if (current !== undefined && message.reportId !== undefined && message.reportId !== reportIdentity(current)) break;
        this.state = message.state;
        break;
      }
    }
  }

  private viewState(): PanelViewState {
    return this.state ?? { threshold: this.host.store.current?.threshold ?? this.host.defaultThreshold(), search: '', collapsed: [] };
  }

  private post(message: ToWebview): void {
    if (!this.panel) return;
    if (!this.ready) {
      // `init` carries the latest report and state anyway; only the latest selection and status need to wait.
      if (message.type === 'select' || message.type === 'status') this.pending = [...this.pending.filter((queued) => queued.type !== message.type), message];
      return;
    }
    void this.send(message);
  }

  private async send(message: ToWebview): Promise<void> {
    await this.panel?.webview.postMessage(message);
    if (message.type === 'init') {
      const queued = this.pending;
      this.pending = [];
      for (const next of queued) await this.panel?.webview.postMessage(next);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}

/** Only web links leave the panel; anything else (javascript:, file:, command:) is refused. */
async function openWebUrl(url: string): Promise<void> {
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(url, true);
  } catch {
    return;
  }
  if (parsed.scheme === 'https' || parsed.scheme === 'http') await vscode.env.openExternal(parsed);
}

/** Whether a message has the shape FromWebview says, with usable values (a line is a positive whole number). */
function isFromWebview(message: unknown): message is FromWebview {
  if (!message || typeof message !== 'object') return false;
  const candidate = message as Record<string, unknown>;
  switch (candidate['type']) {
    case 'ready':
      return true;
    case 'reveal':
      return typeof candidate['path'] === 'string' && Number.isSafeInteger(candidate['line']) && (candidate['line'] as number) >= 1;
    case 'openUrl':
      return typeof candidate['url'] === 'string';
    case 'state':
      return isPanelViewState(candidate['state']) && (candidate['reportId'] === undefined || typeof candidate['reportId'] === 'string');
    default:
      return false;
  }
}
