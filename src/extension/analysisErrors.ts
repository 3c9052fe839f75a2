// Turns any failure of a download or analysis into one typed shape, and that shape into an actionable message.
import { AnalysisError } from '../worker/client';
import type { ErrorData } from '../protocol';
import { SourceError, type SourceFailure } from '../sources/sourceError';

export function toErrorData(error: unknown): ErrorData {
  if (AnalysisError.is(error)) return error.data;
  if (SourceError.is(error)) {
    return { kind: error.reason === 'cancelled' ? 'cancelled' : 'source', reason: error.reason, message: error.message };
  }
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'cancelled', message: 'Cancelled.' };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export type ErrorAction = 'Retry' | 'Open Settings' | 'Set Credentials' | 'Show Log';

/** The buttons offered with an error, most useful first; "Show Log" always comes last. */
export function actionsFor(data: ErrorData): ErrorAction[] {
  const reason = data.reason as SourceFailure | undefined;
  const actions: ErrorAction[] = [];
  if (data.kind === 'source') {
    if (reason === 'unauthorized' || reason === 'loginRequired') actions.push('Set Credentials', 'Retry');
    else if (reason === 'timeout') actions.push('Retry', 'Open Settings');
    else if (reason === 'network' || reason === 'rateLimited') actions.push('Retry');
    else if (reason === 'notFound' || reason === 'noBuild' || reason === 'badLink' || reason === 'badResponse' || reason === 'redirectLoop') actions.push('Open Settings');
    else if (reason === 'tooLarge') actions.push('Open Settings');
  } else if (data.kind === 'input' && data.reason === 'badSettings') {
    actions.push('Open Settings');
  } else if (data.kind === 'internal') {
    actions.push('Retry');
  }
  actions.push('Show Log');
  return actions;
}

/** The settings search that helps with an error, for "Open Settings". */
export function settingsQueryFor(data: ErrorData): string {
  switch (data.reason) {
    case 'timeout':
      return 'logTriage.requestTimeoutSeconds';
    case 'tooLarge':
      return 'logTriage.max';
    case 'notFound':
    case 'noBuild':
    case 'badLink':
    case 'badResponse':
    case 'redirectLoop':
      return 'logTriage.zuulMap';
    default:
      return 'logTriage';
  }
}
