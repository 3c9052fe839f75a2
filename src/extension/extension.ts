// Activation is thin: build the services, register the command table, hand tests a small read-only API.
import * as vscode from 'vscode';
import type { Report } from '../core/report';
import { commandTable } from './commands/table';
import { createServices } from './services';

/** What `activate` returns; e2e tests read it through `vscode.extensions.getExtension(...).exports`. */
export interface LogTriageApi {
  readonly commandIds: readonly string[];
  currentReport(): Report | undefined;
  /** 1-based lines decorated in the document with this URI (a Uri, a URI string or a file path). */
  decoratedLines(uri: string | vscode.Uri): number[];
  /**
   * The handler VS Code calls for vscode://log-triage.log-triage/… links. Exposed because a test host cannot open
   * such a link itself (the workbench asks for confirmation in a dialog, which test runs refuse).
   */
  handleUri(uri: vscode.Uri): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): LogTriageApi {
  const services = createServices(context);
  const commandIds = Object.keys(commandTable);
  for (const [id, factory] of Object.entries(commandTable)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(services)));
  }
  // The report of before a window reload, read in the background: activation does not wait for a big file.
  void services.store.restore();
  return {
    commandIds,
    currentReport: () => services.store.current,
    decoratedLines: (uri) => services.decorations.decoratedLines(uri),
    handleUri: (uri) => services.uriHandler.handleUri(uri),
  };
}

export function deactivate(): void {
  // Every resource is in context.subscriptions, which VS Code disposes.
}
