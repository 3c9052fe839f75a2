import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleForTest } from '../../fixtures/bundle';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import type { AnalysisJob, AnalysisProgress } from '../../../src/protocol';
import { AnalysisClient, AnalysisError } from '../../../src/worker/client';

const CONFORMANCE = path.resolve('../shared/data/conformance');

/** Mandatory expected anomaly lines of a conformance dataset (`- line: |` entries not marked optional). */
function expectedLines(dataset: string): string[] {
  const yaml = readFileSync(path.join(CONFORMANCE, dataset, 'inf.yaml'), 'utf8').split('\n');
  const expected: string[] = [];
  let optional = false;
  for (let i = 0; i < yaml.length; i++) {
    const line = yaml[i]!;
    if (/^\s*-\s/.test(line)) optional = false;
    if (/optional:\s*True/i.test(line)) optional = true;
    const block = /line:\s*\|\s*$/.exec(line);
    const inline = /line:\s*(\S.*)$/.exec(line);
    const text = block ? yaml[i + 1]?.trim() : inline && !block ? inline[1]!.trim() : undefined;
    if (text && !optional) expected.push(text);
  }
  return expected;
}

/** A log of distinct, log-like lines, big enough that analysing it takes a while. */
function bigLog(lines: number, seed: number): string {
  const out: string[] = [];
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648);
  const words = ['connect', 'timeout', 'request', 'volume', 'scheduler', 'nova', 'neutron', 'port', 'binding', 'retry', 'keystone', 'token'];
  for (let i = 0; i < lines; i++) {
    const a = words[next() % words.length]!;
    const b = words[next() % words.length]!;
    out.push(`2024-03-01 12:${String(i % 60).padStart(2, '0')}:00.${i % 1000} INFO ${a}.${b} id=${next().toString(36)} ${a}${next() % 97} ${b}_${next() % 89}`);
  }
  return `${out.join('\n')}\n`;
}

describe('AnalysisClient with the real worker bundle', function () {
  let work: string;
  let workerScript: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'log-triage-worker-'));
    workerScript = path.join(work, 'worker.js');
    await bundleForTest('src/worker/main.ts', workerScript);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  function job(dataset: string, extra: Partial<AnalysisJob['options']> = {}): AnalysisJob {
    const folder = path.join(CONFORMANCE, dataset);
    const stem = ['log', 'output', 'console', 'syslog', 'tempest'].find((name) => existsSync(path.join(folder, `${name}.good`)))!;
    return { baseline: [path.join(folder, `${stem}.good`)], target: [path.join(folder, `${stem}.fail`)], options: { ...DEFAULT_OPTIONS, ...extra } };
  }

  it('analyses conformance datasets and reports their expected anomaly lines, with progress', async () => {
    const client = new AnalysisClient(workerScript);
    try {
      for (const dataset of ['basic-01', 'ansible-01', 'tempest-01']) {
        const progress: AnalysisProgress[] = [];
        const report = await client.analyze(job(dataset), { onProgress: (p) => progress.push(p) });
        const reported = report.files.flatMap((f) => f.anomalies.map((a) => a.text));
        for (const expected of expectedLines(dataset)) {
          assert.ok(reported.some((text) => text.includes(expected)), `${dataset}: "${expected}" not among ${JSON.stringify(reported)}`);
        }
        const phases = new Set(progress.map((p) => p.phase));
        assert.ok(phases.has('read'), `${dataset}: read progress missing: ${JSON.stringify(progress)}`);
        // The last word before the report: it is being handed over, with every file and line counted.
        assert.deepEqual(progress.at(-1), { phase: 'report', files: report.files.length, totalFiles: report.files.length, lines: report.totals.targetLines });
        assert.ok(report.timings.readMs > 0);
      }
    } finally {
      client.dispose();
    }
  });

  it('turns a missing path and a bad option into input errors, and keeps working', async () => {
    const client = new AnalysisClient(workerScript);
    try {
      const missing = { ...job('basic-01'), target: [path.join(work, 'nowhere')] };
      await assert.rejects(client.analyze(missing), (e: unknown) => AnalysisError.is(e) && e.data.kind === 'input' && e.data.reason === 'notFound' && /does not exist/.test(e.message));
      await assert.rejects(client.analyze(job('basic-01', { threshold: 2 })), (e: unknown) => AnalysisError.is(e) && e.data.kind === 'input');
      const report = await client.analyze(job('basic-01'));
      assert.ok(report.totals.anomalies > 0);
    } finally {
      client.dispose();
    }
  });

  it('cancels a long run quickly with kind cancelled, then runs the next job', async () => {
    const folder = path.join(work, 'big');
    mkdirSync(path.join(folder, 'baseline'), { recursive: true });
    mkdirSync(path.join(folder, 'target'), { recursive: true });
    for (let i = 0; i < 2; i++) {
      writeFileSync(path.join(folder, 'baseline', `part-${i}.log`), bigLog(60_000, 1 + i));
      writeFileSync(path.join(folder, 'target', `part-${i}.log`), bigLog(60_000, 101 + i));
    }
    const client = new AnalysisClient(workerScript);
    try {
      const controller = new AbortController();
      let cancelledAt = 0;
      const running = client.analyze(
        { baseline: [path.join(folder, 'baseline')], target: [path.join(folder, 'target')], options: DEFAULT_OPTIONS },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if ((p.phase === 'train' || p.phase === 'test') && !cancelledAt) {
              cancelledAt = Date.now();
              controller.abort();
            }
          },
        },
      );
      await assert.rejects(running, (e: unknown) => AnalysisError.is(e) && e.data.kind === 'cancelled');
      assert.ok(cancelledAt > 0, 'the run was cancelled from a train or test progress event');
      // The same client goes on: the next analysis (on the same or a fresh thread) returns a real report.
      const report = await client.analyze(job('basic-01'));
      assert.ok(report.totals.anomalies > 0);
      // A signal aborted before the call rejects at once without touching the thread.
      await assert.rejects(client.analyze(job('basic-01'), { signal: AbortSignal.abort() }), (e: unknown) => AnalysisError.is(e) && e.data.kind === 'cancelled');
    } finally {
      client.dispose();
    }
  });

  it('surfaces a worker that fails to load as an internal error', async () => {
    const broken = path.join(work, 'broken.js');
    writeFileSync(broken, "throw new Error('boom while loading');\n");
    const client = new AnalysisClient(broken);
    try {
      await assert.rejects(client.analyze(job('basic-01')), (e: unknown) => AnalysisError.is(e) && e.data.kind === 'internal' && /boom while loading/.test(e.message));
    } finally {
      client.dispose();
    }
  });

  it('recovers after a crash: the next run starts a fresh thread', async () => {
    // This wrapper crashes the first thread mid-job, then behaves like the real worker.
    const marker = path.join(work, 'crashed-once');
    const flaky = path.join(work, 'flaky.js');
    writeFileSync(
      flaky,
      `const fs = require('node:fs');
if (!fs.existsSync(${JSON.stringify(marker)})) {
  fs.writeFileSync(${JSON.stringify(marker)}, 'x');
  require('node:worker_threads').parentPort.on('message', () => { setTimeout(() => { throw new Error('crash in the middle of a job'); }, 10); });
} else {
  require(${JSON.stringify(workerScript)});
}
`,
    );
    const client = new AnalysisClient(flaky);
    try {
      await assert.rejects(client.analyze(job('basic-01')), (e: unknown) => AnalysisError.is(e) && e.data.kind === 'internal' && /crash in the middle/.test(e.message));
      const report = await client.analyze(job('basic-01'));
      assert.ok(report.totals.anomalies > 0);
    } finally {
      client.dispose();
    }
  });

  it('rejects runs after dispose and queued runs on dispose', async () => {
    const client = new AnalysisClient(workerScript);
    const first = client.analyze(job('basic-01'));
    const queued = client.analyze(job('basic-01'));
    client.dispose();
    await assert.rejects(first, (e: unknown) => AnalysisError.is(e) && e.data.kind === 'cancelled');
    await assert.rejects(queued, (e: unknown) => AnalysisError.is(e) && e.data.kind === 'cancelled');
    await assert.rejects(client.analyze(job('basic-01')), (e: unknown) => AnalysisError.is(e));
  });

  it('answers runs in the order they were asked, though a big report takes a while to read', async () => {
    // Every target line new: a report of 40k anomalies, read in slices while the next run could already start.
    const folder = path.join(work, 'order');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'good.log'), 'service started\n');
    // Words made of letters only (digits would be erased), so every line is a distinct anomaly.
    const word = (n: number): string => Array.from({ length: 5 }, (_, i) => String.fromCharCode(97 + (Math.floor(n / 26 ** i) % 26))).join('');
    writeFileSync(path.join(folder, 'bad.log'), `${Array.from({ length: 40_000 }, (_, i) => `ERROR ${word(i)} failed while ${word(i * 7 + 3)} waited`).join('\n')}\n`);
    const big: AnalysisJob = { baseline: [path.join(folder, 'good.log')], target: [path.join(folder, 'bad.log')], options: DEFAULT_OPTIONS };
    const client = new AnalysisClient(workerScript);
    try {
      const order: string[] = [];
      const first = client.analyze(big).then((report) => {
        order.push('big');
        return report;
      });
      const second = client.analyze(job('basic-01')).then(() => order.push('small'));
      const [report] = await Promise.all([first, second]);
      assert.equal(report.totals.anomalies, 40_000);
      assert.deepEqual(order, ['big', 'small']);
      // Disposed while a report is read: the run is answered, not left waiting.
      const third = client.analyze(big);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const reading = new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if ((client as unknown as { unpacking?: unknown }).unpacking !== undefined) {
            clearInterval(poll);
            resolve();
          }
        }, 1);
      });
      await reading;
      client.dispose();
      await assert.rejects(third, (e: unknown) => AnalysisError.is(e) && e.data.kind === 'cancelled');
    } finally {
      client.dispose();
    }
  });
});
