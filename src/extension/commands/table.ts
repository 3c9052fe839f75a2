// Every contributed command, one id to one factory. test/unit/extension/manifest.test.ts checks this table against
// package.json both ways, so a command cannot be contributed without being registered (or the reverse).
import { analyzeBuild } from './analyzeBuild';
import { analyzeChange } from './analyzeChange';
import { analyzeFile } from './analyzeFile';
import { clearAnomalies } from './clearAnomalies';
import { clearDownloadCache } from './clearDownloadCache';
import type { CommandFactory } from './commandFactory';
import { nextAnomaly, nextGroup, previousAnomaly, previousGroup } from './navigateAnomalies';
import { setCredentials } from './setCredentials';
import { showPanel } from './showPanel';

export const commandTable = {
  'logTriage.analyzeChange': analyzeChange,
  'logTriage.analyzeBuild': analyzeBuild,
  'logTriage.analyzeFile': analyzeFile,
  'logTriage.nextAnomaly': nextAnomaly,
  'logTriage.previousAnomaly': previousAnomaly,
  'logTriage.nextGroup': nextGroup,
  'logTriage.previousGroup': previousGroup,
  'logTriage.showPanel': showPanel,
  'logTriage.clear': clearAnomalies,
  'logTriage.clearCache': clearDownloadCache,
  'logTriage.setCredentials': setCredentials,
} satisfies Record<string, CommandFactory>;

export type CommandId = keyof typeof commandTable;
