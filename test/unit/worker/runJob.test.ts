// The job runner's order of work: what can fail at once is checked before what takes long.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AnalysisProgress } from '../../../src/protocol';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import { runJob } from '../../../src/worker/runJob';

describe('runJob', () => {
  it('tells of a target path that does not exist before reading any of the baseline', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'log-triage-runjob-'));
    try {
      writeFileSync(path.join(work, 'good.log'), Array.from({ length: 2000 }, (_, index) => `step ${index % 7} done`).join('\n'));
      const events: AnalysisProgress[] = [];
      const outcome = await runJob(
        { baseline: [path.join(work, 'good.log')], target: [path.join(work, 'missing.log')], options: DEFAULT_OPTIONS },
        { onProgress: (event) => events.push(event) },
      );
      assert.ok(!outcome.ok);
      assert.match(outcome.error.message, /missing\.log/);
      assert.deepEqual(events.filter((event) => event.phase === 'read' && event.lines > 0), [], 'the baseline was read first');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
