import * as vscode from 'vscode';
import { clearCache } from '../../sources/cache';
import { plainNotification } from '../notificationText';
import type { CommandFactory } from './commandFactory';

/** Log Triage: Clear Download Cache — deletes downloaded logs; the current report stays but its files may be gone. */
export const clearDownloadCache: CommandFactory = (services) => async () => {
  try {
    await clearCache(services.cacheDir);
    services.log.info('Download cache cleared');
    void vscode.window.showInformationMessage('Log Triage: download cache cleared.');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`Could not clear the download cache: ${message}`);
    void vscode.window.showErrorMessage(`Log Triage: could not clear the download cache: ${plainNotification(message)}`);
  }
};
