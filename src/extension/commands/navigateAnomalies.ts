import * as vscode from 'vscode';
import type { CommandFactory } from './commandFactory';

/** An editor title button passes the URI of its group's log; a keybinding or the palette passes nothing. */
function titleUri(argument: unknown): vscode.Uri | undefined {
  return argument instanceof vscode.Uri ? argument : undefined;
}

/** Log Triage: Next Anomaly — within the file, then on to the next file in report order. */
export const nextAnomaly: CommandFactory = (services) => (argument?: unknown) => services.navigator.nextAnomaly(1, titleUri(argument));
/** Log Triage: Previous Anomaly. */
export const previousAnomaly: CommandFactory = (services) => (argument?: unknown) => services.navigator.nextAnomaly(-1, titleUri(argument));
/** Log Triage: Next Anomaly Group — the first anomaly of the next file model. */
export const nextGroup: CommandFactory = (services) => () => services.navigator.nextGroup(1);
/** Log Triage: Previous Anomaly Group. */
export const previousGroup: CommandFactory = (services) => () => services.navigator.nextGroup(-1);
