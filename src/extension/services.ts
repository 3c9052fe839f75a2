// Everything the commands need, built once at activation. Constructors only: no network, no file reads, no awaits.
import * as vscode from 'vscode';
import { AnalysisRunner } from './analysisRunner';
import { AnomalyDecorations } from './anomalyDecorations';
import { AnomalyNavigator } from './anomalyNavigator';
import { AnomalyStatusBar } from './anomalyStatusBar';
import { ChangeLinkProvider } from './changeLinkProvider';
import { affectsConfig, readConfig } from './config';
import { CredentialStore } from './credentialStore';
import { AnomalyPanel } from './panel/anomalyPanel';
import { ReadonlyLogFileSystem } from './readonlyLogFileSystem';
import { ReportStore } from './reportStore';
import { AnalyzeUriHandler } from './analyzeUriHandler';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly store: ReportStore;
  readonly decorations: AnomalyDecorations;
  readonly panel: AnomalyPanel;
  readonly navigator: AnomalyNavigator;
  readonly credentials: CredentialStore;
  readonly runner: AnalysisRunner;
  /** Downloaded logs live here: context.globalStorageUri/cache. */
  readonly cacheDir: string;
  readonly uriHandler: AnalyzeUriHandler;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Log Triage', { log: true });
  const store = new ReportStore(context.workspaceState, context.storageUri?.fsPath, log);
  const cacheDir = vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath;
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const decorations = new AnomalyDecorations(store, context.extensionUri, readConfig().decorationStyle);
  // The panel and the navigator need each other (reveal ↔ select): the panel's callback reads `navigator` only when
  // called, after both exist.
  const panel: AnomalyPanel = new AnomalyPanel({
    store,
    extensionUri: context.extensionUri,
    log,
    defaultThreshold: () => readConfig().threshold,
    reveal: async (reportPath, line): Promise<void> => navigator.reveal(reportPath, line),
  });
  const navigator: AnomalyNavigator = new AnomalyNavigator(store, panel, cacheDir);
  const runner = new AnalysisRunner({
    extensionUri: context.extensionUri,
    cacheDir,
    store,
    credentials,
    log,
    onStatus: (message, level) => panel.status(message, level),
    onReport: async (report) => {
      if (report.totals.anomalies === 0) {
        void vscode.window.showInformationMessage('Log Triage: no anomalies. Every target line is close to a baseline line.');
      }
      panel.show(true);
      await navigator.revealFirst();
    },
  });
  const uriHandler = new AnalyzeUriHandler(runner, log);
  context.subscriptions.push(
    log,
    store,
    decorations,
    panel,
    navigator,
    runner,
    new AnomalyStatusBar(store),
    ReadonlyLogFileSystem.register(),
    ChangeLinkProvider.register(() => Object.keys(readConfig().zuulMap)),
    vscode.window.registerUriHandler(uriHandler),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConfig(event)) decorations.setStyle(readConfig().decorationStyle);
    }),
  );
  return { context, log, store, decorations, panel, navigator, credentials, runner, cacheDir, uriHandler };
}
