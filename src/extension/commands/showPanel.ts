import type { CommandFactory } from './commandFactory';

/** Log Triage: Show Anomaly Panel. */
export const showPanel: CommandFactory = (services) => () => services.panel.show();
