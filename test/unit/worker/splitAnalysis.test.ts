import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import type { Report } from '../../../src/core/report';
import type { AnalysisJob } from '../../../src/protocol';
import { runJob, SPLIT_MIN_CHARS, worthSplitting } from '../../../src/worker/runJob';
import { cutBaseline } from '../../../src/worker/splitAnalysis';
import { splitLines } from '../../../src/core/lines';

/** Report fields that legitimately differ between two runs (clock, timings, order of skip entries). */
function comparable(report: Report): unknown {
  const skipped = [...report.skipped].sort((a, b) => `${a.side}/${a.path}`.localeCompare(`${b.side}/${b.path}`));
  return { ...report, createdAt: '', timings: undefined, skipped };
}

function lines(prefix: string, count: number, every: number, odd: string): string {
  return Array.from({ length: count }, (_, i) => (i % every === every - 1 ? `${odd} ${i}` : `${prefix} step ${i % 7} finished for node-${i % 5}`)).join('\n') + '\n';
}

describe('two-thread analysis (target split)', () => {
  let work: string;
  let script: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'log-triage-split-'));
    script = path.join(work, 'worker.js');
    await build({ entryPoints: ['src/worker/main.ts'], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('cuts the baseline near the middle of its characters, at a line start, so the two token halves make the whole', () => {
    const texts = ['one\ntwo\nthree\n', 'alpha beta\r\ngamma\r\ndelta\nepsilon zeta eta theta\n', 'tail\n'];
    const cut = cutBaseline(texts);
    const total = texts.join('').length;
    const before = texts.slice(0, cut.fileIndex).join('').length + cut.offset;
    assert.ok(Math.abs(before - total / 2) <= 25, `cut at ${before} of ${total}`);
    const text = texts[cut.fileIndex]!;
    assert.ok(cut.offset === 0 || text[cut.offset - 1] === '\n', 'the cut is at a line start');
    assert.deepEqual([...splitLines(text.slice(0, cut.offset)), ...splitLines(text.slice(cut.offset))], splitLines(text));
    // A file whose lines end with lone \r is never cut inside, and an empty baseline gives an empty helper share.
    assert.deepEqual(cutBaseline(['a\rb\rc\r']), { fileIndex: 0, offset: 6 });
    assert.deepEqual(cutBaseline([]), { fileIndex: 0, offset: 0 });
  });

  it('uses a second thread for any job of at least SPLIT_MIN_CHARS', () => {
    assert.equal(worthSplitting(SPLIT_MIN_CHARS - 1), false);
    assert.equal(worthSplitting(SPLIT_MIN_CHARS), true);
    assert.equal(worthSplitting(10, 0), true);
  });

  it('gives the same report as one thread: files, order, anomalies, skips and totals', async () => {
    const base = path.join(work, 'base');
    const fail = path.join(work, 'fail');
    for (const dir of [base, fail]) mkdirSync(path.join(dir, 'controller'), { recursive: true });
    writeFileSync(path.join(base, 'job-output.txt'), lines('TASK', 400, 1000, ''));
    writeFileSync(path.join(fail, 'job-output.txt'), lines('TASK', 400, 97, 'fatal: unreachable host'));
    writeFileSync(path.join(base, 'controller/syslog.txt'), lines('kernel', 300, 1000, ''));
    writeFileSync(path.join(fail, 'controller/syslog.txt'), lines('kernel', 300, 41, 'oom-killer invoked'));
    writeFileSync(path.join(base, 'controller/nova.log'), lines('nova', 500, 1000, ''));
    writeFileSync(path.join(fail, 'controller/nova.log'), lines('nova', 500, 113, 'Traceback most recent call last'));
    writeFileSync(path.join(fail, 'controller/neutron.log'), lines('neutron', 200, 50, 'port binding failed'));
    writeFileSync(path.join(fail, 'controller/empty.log'), '');
    const job: AnalysisJob = { baseline: [base], target: [fail], options: DEFAULT_OPTIONS };
    const single = await runJob(job);
    const split = await runJob(job, { split: { script, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0 } });
    assert.ok(single.ok && split.ok);
    assert.ok(single.report.totals.anomalies > 0);
    assert.ok(single.report.skipped.some((s) => s.reason === 'noBaseline'));
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('a helper that cannot start surfaces as an internal error', async () => {
    const broken = path.join(work, 'broken.js');
    writeFileSync(broken, "throw new Error('helper bundle is broken');\n");
    const folder = path.join(work, 'two');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'a.log'), 'one\ntwo\n');
    writeFileSync(path.join(folder, 'b.log'), 'three\nfour\n');
    const outcome = await runJob(
      { baseline: [folder], target: [folder], options: DEFAULT_OPTIONS },
      { split: { script: broken, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0 } },
    );
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.error.kind === 'internal' && /helper bundle is broken/.test(outcome.error.message));
  });
});
