// vscode://log-triage.log-triage/analyze?url=<link> starts an analysis of the link, e.g. from a Gerrit or Zuul page.
import * as vscode from 'vscode';
import type { AnalysisRunner } from './analysisRunner';
import { displayUrl } from '../sources/sourceError';
import { plainNotification } from './notificationText';
import { linkFromUriQuery } from './uriLink';

export class AnalyzeUriHandler implements vscode.UriHandler {
  constructor(
    private readonly runner: AnalysisRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    if (uri.path !== '/analyze') {
      void vscode.window.showErrorMessage(`Log Triage: unknown link ${plainNotification(uri.path)}. Expected /analyze?url=…`);
      return;
    }
    // A link pasted raw (`url=https://zuul/#/t/x/build/<uuid>`, an old Gerrit `/#/c/N/`) has its `#` part taken as
    // the vscode:// link's fragment: it belongs to the url.
    const link = linkFromUriQuery(uri.query) + (uri.fragment !== '' ? `#${uri.fragment}` : '');
    if (!/^https?:\/\//i.test(link)) {
      void vscode.window.showErrorMessage('Log Triage: the link needs a url=https://… parameter.');
      return;
    }
    this.log.info(`Opened from a link: ${displayUrl(link)}`);
    await this.runner.analyzeLink(link);
  }
}
