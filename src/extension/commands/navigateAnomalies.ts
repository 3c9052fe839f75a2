import type { CommandFactory } from './commandFactory';

/** Log Triage: Next Anomaly — within the file, then on to the next file in report order. */
export const nextAnomaly: CommandFactory = (services) => () => services.navigator.nextAnomaly(1);
/** Log Triage: Previous Anomaly. */
export const previousAnomaly: CommandFactory = (services) => () => services.navigator.nextAnomaly(-1);
/** Log Triage: Next Anomaly Group — the first anomaly of the next file model. */
export const nextGroup: CommandFactory = (services) => () => services.navigator.nextGroup(1);
/** Log Triage: Previous Anomaly Group. */
export const previousGroup: CommandFactory = (services) => () => services.navigator.nextGroup(-1);
