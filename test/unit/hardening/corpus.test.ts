// The hostile-input corpus and fault matrix as assertions: every case of corpus.ts that is cheap enough for the unit
// suite and not already asserted elsewhere. `npm run hardening` runs all of them, heavy ones included.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleForTest } from '../../fixtures/bundle';
import { allCases, createCorpusContext, type CorpusContext } from './corpus';

describe('hardening corpus (hostile inputs, faults, cancellation, secrets)', function () {
  let bundles: string;
  let ctx: CorpusContext & { dispose(): Promise<void> };

  before(async () => {
    bundles = mkdtempSync(path.join(os.tmpdir(), 'lt-hardening-bundles-'));
    await Promise.all([
      bundleForTest('src/worker/main.ts', path.join(bundles, 'worker.js')),
      bundleForTest('src/cli/main.ts', path.join(bundles, 'cli.js')),
    ]);
    ctx = await createCorpusContext({ cliPath: path.join(bundles, 'cli.js'), workerPath: path.join(bundles, 'worker.js') });
  });

  after(async () => {
    await ctx?.dispose();
    rmSync(bundles, { recursive: true, force: true });
  });

  for (const testCase of allCases()) {
    if (testCase.heavy || testCase.coveredBy !== undefined) continue;
    it(`${testCase.group}: ${testCase.name} → ${testCase.expectation}`, async () => {
      const outcome = await testCase.run(ctx);
      assert.equal(outcome.kind, testCase.expected, outcome.detail);
    });
  }
});
