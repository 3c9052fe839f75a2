// The second thread of the CLI's analyses: the worker bundle ships beside the CLI bundle (dist/worker.js), and with
// it big jobs use both cores (see worker/splitAnalysis.ts).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { JobHooks } from '../worker/runJob';

/**
 * The split hooks for `runJob`, or undefined when no worker bundle sits beside this one (then the job runs on this
 * thread alone, as it does when the CLI runs from source). The CLI cancels by stopping its own thread, which ends
 * the helper with it, so the helper watches no cancel id.
 */
export function helperThread(bundleDirectory: string = __dirname): JobHooks['split'] {
  const script = path.join(bundleDirectory, 'worker.js');
  if (!existsSync(script)) return undefined;
  return { script, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT), cancelId: -1 } };
}
