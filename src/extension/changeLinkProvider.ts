// Makes Gerrit change and Zuul build URLs in any open text clickable: the link runs the matching analyze command.
import * as vscode from 'vscode';
import { findChangeLinks } from './changeLinks';

/** Documents larger than this (characters) are not scanned: link detection must never slow a huge log down. */
const MAX_SCANNED_CHARACTERS = 20_000_000;

export class ChangeLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly knownGerritHosts: () => readonly string[]) {}

  static register(knownGerritHosts: () => readonly string[]): vscode.Disposable {
    return vscode.languages.registerDocumentLinkProvider('*', new ChangeLinkProvider(knownGerritHosts));
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const text = document.getText();
    if (text.length > MAX_SCANNED_CHARACTERS) return [];
    return findChangeLinks(text, this.knownGerritHosts()).map((found) => {
      const command = found.kind === 'change' ? 'logTriage.analyzeChange' : 'logTriage.analyzeBuild';
      const target = vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify([found.url]))}`);
      const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)), target);
      link.tooltip = found.kind === 'change' ? 'Analyze this change with Log Triage' : 'Analyze this build with Log Triage';
      return link;
    });
  }
}
