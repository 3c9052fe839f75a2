// The anomaly count of the current report in the status bar; a click shows the panel.
import * as vscode from 'vscode';
import type { Report } from '../core/report';
import type { ReportStore } from './reportStore';

export class AnomalyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('logTriage.anomalies', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(store: ReportStore) {
    this.item.name = 'Log Triage Anomalies';
    this.item.command = 'logTriage.showPanel';
    this.subscription = store.onDidChange((report) => this.update(report));
    this.update(store.current);
  }

  private update(report: Report | undefined): void {
    if (!report) {
      this.item.hide();
      return;
    }
    const { anomalies, anomalyLines, targetLines } = report.totals;
    const files = report.files.filter((file) => file.anomalies.length > 0).length;
    this.item.text = `$(list-filter) ${anomalies} ${anomalies === 1 ? 'anomaly' : 'anomalies'}`;
    this.item.tooltip = `Log Triage: ${anomalies} anomalies (${anomalyLines} of ${targetLines} lines) in ${files} file${files === 1 ? '' : 's'}. Click to show the panel.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
