import type { CommandFactory } from './commandFactory';

/** Log Triage: Clear Anomalies — drops the current report; decorations, status bar and panel follow. */
export const clearAnomalies: CommandFactory = (services) => () => services.store.set(undefined);
