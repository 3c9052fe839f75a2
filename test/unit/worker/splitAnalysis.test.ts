import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleForTest } from '../../fixtures/bundle';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import type { Report } from '../../../src/core/report';
import type { AnalysisJob } from '../../../src/protocol';
import { runJob, SPLIT_MIN_CHARS, worthSplitting } from '../../../src/worker/runJob';
import { helperBaselineStart, mergeReports } from '../../../src/worker/splitAnalysis';
import { pseudoWord, seededRandom } from '../../fixtures/syntheticText';

/** Report fields that legitimately differ between two runs (clock, timings, order of skip entries). */
function comparable(report: Report): unknown {
  const skipped = [...report.skipped].sort((a, b) => `${a.side}/${a.path}`.localeCompare(`${b.side}/${b.path}`));
  return { ...report, createdAt: '', timings: undefined, skipped };
}

function lines(prefix: string, count: number, every: number, odd: string): string {
  return Array.from({ length: count }, (_, i) => (i % every === every - 1 ? `${odd} ${i}` : `${prefix} step ${i % 7} finished for node-${i % 5}`)).join('\n') + '\n';
}

/** Lines of eight random words out of 5000: nearly all distinct and far from each other, so slow to score. */
function distinctLines(random: () => number): (count: number) => string {
  return (count) => Array.from({ length: count }, () => Array.from({ length: 8 }, () => pseudoWord(Math.floor(random() * 5000))).join(' ')).join('\n') + '\n';
}

describe('two-thread analysis (target split)', () => {
  let work: string;
  let script: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'log-triage-split-'));
    script = path.join(work, 'worker.js');
    await bundleForTest('src/worker/main.ts', script);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

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
    const split = await runJob(job, { split: { script, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0 } });
    assert.ok(single.ok && split.ok);
    assert.ok(single.report.totals.anomalies > 0);
    assert.ok(single.report.skipped.some((s) => s.reason === 'noBaseline'));
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('starts the helper late, once scoring proves long, and only when files are left for it', async () => {
    const distinct = distinctLines(seededRandom(9));
    const base = path.join(work, 'late-base');
    const fail = path.join(work, 'late-fail');
    for (const dir of [base, fail]) mkdirSync(dir, { recursive: true });
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      writeFileSync(path.join(base, `${name}.log`), distinct(6_000));
      writeFileSync(path.join(fail, `${name}.log`), distinct(6_000));
    }
    const cancel = { role: 'helper' as const, cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 };
    const quick: string[] = [];
    const small: AnalysisJob = { baseline: [path.join(base, 'a.log')], target: [path.join(fail, 'a.log'), path.join(base, 'b.log')], options: DEFAULT_OPTIONS };
    assert.ok((await runJob(small, { split: { script, cancel, minChars: 0, helperAfterMs: 100, onHelperStart: (when) => quick.push(when) } })).ok);
    // Two target files: this thread has taken both (one scored, one read ahead) before 100 ms pass.
    assert.deepEqual(quick, [], 'no helper when the queue has nothing left for it');
    const late: string[] = [];
    const job: AnalysisJob = { baseline: [base], target: [fail], options: DEFAULT_OPTIONS };
    const single = await runJob(job);
    // Scoring this job takes about 0.6 s on one thread here; a helper may join after 100 ms of it.
    const split = await runJob(job, { split: { script, cancel, minChars: 0, helperAfterMs: 100, onHelperStart: (when) => late.push(when) } });
    assert.ok(split.ok && single.ok);
    assert.deepEqual(late, ['late'], 'the helper joined once scoring had run long with files left');
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('a helper that cannot start costs only time: the main thread scores every file', async () => {
    const broken = path.join(work, 'broken.js');
    writeFileSync(broken, "throw new Error('helper bundle is broken');\n");
    const folder = path.join(work, 'two');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'a.log'), 'one\ntwo\n');
    writeFileSync(path.join(folder, 'b.log'), 'three\nfour\n');
    const job: AnalysisJob = { baseline: [folder], target: [folder], options: DEFAULT_OPTIONS };
    const outcome = await runJob(job, { split: { script: broken, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0 } });
    const single = await runJob(job);
    assert.ok(outcome.ok && single.ok);
    assert.deepEqual(comparable(outcome.report), comparable(single.report));
  });

  it('a helper that dies after claiming files loses nothing: the main thread scores the files it took', async () => {
    // A real worker script that takes two files from the shared queue, as the helper does, then crashes.
    const dying = path.join(work, 'dying.js');
    writeFileSync(
      dying,
      [
        "const { parentPort } = require('node:worker_threads');",
        'parentPort.once(\'message\', (request) => {',
        '  const slots = new Int32Array(request.queue);',
        '  for (let taken = 0; taken < 2; taken += 1) {',
        '    const index = Atomics.add(slots, 0, 1);',
        '    if (index < request.targets.length) Atomics.store(slots, index + 1, 2);',
        '  }',
        '  process.exit(3);',
        '});',
      ].join('\n'),
    );
    const base = path.join(work, 'dying-base');
    const fail = path.join(work, 'dying-fail');
    for (const dir of [base, fail]) mkdirSync(dir, { recursive: true });
    // Files of distinct lines, slow enough to score that the main thread is still on its first one when the
    // helper takes its two.
    const distinct = distinctLines(seededRandom(3));
    for (const name of ['a', 'b', 'c', 'd']) {
      writeFileSync(path.join(base, `${name}.log`), distinct(6_000));
      writeFileSync(path.join(fail, `${name}.log`), distinct(6_000));
    }
    const job: AnalysisJob = { baseline: [base], target: [fail], options: DEFAULT_OPTIONS };
    const split = await runJob(job, { split: { script: dying, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0 } });
    const single = await runJob(job);
    assert.ok(split.ok && single.ok);
    assert.equal(split.report.files.length, 4);
    assert.equal(split.report.timings.threads, undefined, 'the main thread scored every file: one thread');
    assert.ok(single.report.totals.anomalies > 0);
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('gives each file its own nearest lines when target folders hold files of the same name', async () => {
    // Eight target folders, each with an x.log of slow-to-score distinct lines and one anomaly whose nearest
    // baseline line is its own: the helper scores some of them, and names their nearest lines by id.
    const distinct = distinctLines(seededRandom(23));
    const base = path.join(work, 'same-name-base');
    mkdirSync(base, { recursive: true });
    const letters = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    writeFileSync(path.join(base, 'x.log'), distinct(3_000) + letters.map((word) => `special nearest ${word} one two three four\n`).join(''));
    const targets = letters.map((word) => {
      const folder = path.join(work, `same-name-${word}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'x.log'), `${distinct(3_000)}special nearest ${word} three four plus extra words here today\n`);
      return folder;
    });
    const job: AnalysisJob = { baseline: [base], target: targets, options: DEFAULT_OPTIONS };
    const split = await runJob(job, { split: { script, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0 } });
    assert.ok(split.ok);
    for (const file of split.report.files) {
      const special = file.anomalies.find((anomaly) => anomaly.text.startsWith('special nearest'));
      const word = special?.text.split(' ')[2] ?? '';
      assert.equal(special?.nearest, `special nearest ${word} one two three four`, file.localPath);
    }
    assert.equal(split.report.files.length, 8);
  });

  it('gives the helper the last baseline files holding about its share of the characters', () => {
    assert.equal(helperBaselineStart([10, 10, 10, 10], 0.5), 2);
    assert.equal(helperBaselineStart([10, 10, 10, 10], 0.25), 3);
    assert.equal(helperBaselineStart([30, 25, 20, 25], 0.5), 2, 'the nearest split');
    assert.equal(helperBaselineStart([10], 0.5), 1, 'one file: the calling thread tokenizes it');
    // Too uneven: one thread would mostly wait.
    assert.equal(helperBaselineStart([40, 5, 5], 0.5), 3, 'the calling thread keeps at least the first file');
    assert.equal(helperBaselineStart([100, 1], 0.5), 2);
    assert.equal(helperBaselineStart([1, 100], 0.5), 2);
    assert.equal(helperBaselineStart([30, 70], 0.5), 1, 'uneven, but within the limit');
  });

  /** Eight baseline files of distinct lines and four target files, for the tests of the shared tokenizing. */
  function sharedTokenizingJob(name: string): AnalysisJob {
    const distinct = distinctLines(seededRandom(17));
    const base = path.join(work, `${name}-base`);
    const fail = path.join(work, `${name}-fail`);
    for (const dir of [base, fail]) mkdirSync(dir, { recursive: true });
    for (const file of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) writeFileSync(path.join(base, `${file}.log`), distinct(1_500));
    // Target lines repeat baseline lines (in the helper's files too) or are new.
    for (const file of ['a', 'b', 'g', 'h']) {
      const known = distinct(0) + readFileSync(path.join(base, `${file}.log`), 'utf8').split('\n').slice(0, 700).join('\n');
      writeFileSync(path.join(fail, `${file}.log`), `${known}\n${distinct(300)}`);
    }
    // One of the helper's files ends its lines with \r\n, and lines are cut for scoring (most are longer than 48).
    const crlf = path.join(base, 'g.log');
    writeFileSync(crlf, readFileSync(crlf, 'utf8').replaceAll('\n', '\r\n'));
    return { baseline: [base], target: [fail], options: { ...DEFAULT_OPTIONS, maxLineLength: 48 } };
  }

  it('shares the baseline tokenizing with a helper that starts with the job, and gives the same report', async () => {
    const job = sharedTokenizingJob('shared');
    const fromHelper: number[] = [];
    const split = await runJob(job, {
      split: { script, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0, sharedTokenizingMinChars: 0, onHelperTokens: (file) => fromHelper.push(file) },
    });
    const single = await runJob(job);
    assert.ok(split.ok && single.ok);
    assert.deepEqual(fromHelper, [3, 4, 5, 6, 7], 'the helper tokenized the last files, its share of the characters');
    assert.ok(single.report.totals.anomalies > 0);
    assert.ok(single.report.files.some((file) => file.anomalies.some((anomaly) => anomaly.truncated)), 'lines were cut for scoring');
    // Whether the helper then also scores a target file depends on timing (the main thread may take all four first).
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('a helper that dies while tokenizing the baseline loses nothing: the main thread tokenizes the rest', async () => {
    const dying = path.join(work, 'dying-tokenizer.js');
    writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(4));\n");
    const job = sharedTokenizingJob('dying-tokenizer');
    const fromHelper: number[] = [];
    const split = await runJob(job, {
      split: { script: dying, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0, sharedTokenizingMinChars: 0, onHelperTokens: (file) => fromHelper.push(file) },
    });
    const single = await runJob(job);
    assert.ok(split.ok && single.ok);
    assert.deepEqual(fromHelper, []);
    assert.equal(split.report.timings.threads, undefined, 'the main thread did all the work');
    assert.deepEqual(comparable(split.report), comparable(single.report));
  });

  it('a cancel stops a job that waits for the helper\'s tokens', async () => {
    // A helper that takes the request, says so, and never answers: the job then waits for its tokens until the
    // cancel, and only the waiting thread's own polling can see it (without it this test times out).
    const silent = path.join(work, 'silent-tokenizer.js');
    const asked = path.join(work, 'silent-tokenizer-asked');
    writeFileSync(
      silent,
      [
        "const { parentPort } = require('node:worker_threads');",
        `parentPort.on('message', (request) => require('node:fs').writeFileSync(${JSON.stringify(asked)}, request.type));`,
      ].join('\n'),
    );
    const job = sharedTokenizingJob('silent-tokenizer');
    let cancelledAt = 0;
    const timer = setTimeout(() => {
      cancelledAt = performance.now();
    }, 500);
    const outcome = await runJob(job, {
      isCancelled: () => cancelledAt > 0,
      split: { script: silent, cancel: { role: 'helper', cancelBuffer: new SharedArrayBuffer(4), cancelId: -1 }, minChars: 0, helperAtOnceBytes: 0, sharedTokenizingMinChars: 0 },
    });
    const stoppedAfter = performance.now() - cancelledAt;
    clearTimeout(timer);
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'cancelled');
    assert.equal(readFileSync(asked, 'utf8'), 'tokenizeBaseline', 'the helper was asked for tokens and left the job waiting');
    // The poll runs every 50 ms; the margin is for a loaded machine.
    assert.ok(stoppedAfter < 1000, `stopped ${stoppedAfter.toFixed(0)} ms after the cancel`);
  });

  it('says in the merged report whether the helper scored any target file', () => {
    const report = (targetLines: number): Report => ({
      version: 1,
      modelVersion: 1,
      createdAt: '',
      threshold: 0.2,
      context: { before: 0, after: 0 },
      files: [],
      models: [],
      skipped: [],
      totals: { baselineLines: 10, targetLines, anomalyLines: 0, anomalies: 0 },
      timings: { readMs: 1, trainMs: 2, testMs: 3, totalMs: 6 },
    });
    assert.equal(mergeReports(report(40), report(25)).timings.threads, 2);
    assert.equal(mergeReports(report(40), report(25)).totals.targetLines, 65);
    // A helper that joined after the queue ran dry scored nothing: the job ran on one thread.
    assert.equal(mergeReports(report(40), report(0)).timings.threads, 1);
  });
});
