// From a Gerrit URL to a report, over real HTTP: fixture server → prepareAnalysis → engine (runJob) → the
// conformance dataset's expected anomalies are reported; the analyze command prints them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFixtureServer, type FixtureServer } from '../../fixtures/fixtureServer';
import { parseInfYaml } from '../../../scripts/lib/infYaml';
import { runAnalyzeCommand, parseZuulApi } from '../../../src/cli/analyze';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import type { Report } from '../../../src/core/report';
import { DEFAULT_SOURCE_SETTINGS, prepareAnalysis, withFileUrls } from '../../../src/sources/flow';
import { runJob } from '../../../src/worker/runJob';

const DATASET = 'zuul-console-pep8';

async function captured(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await run();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

describe('sources end to end: Gerrit URL → download → analysis', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lt-e2e-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  describe(`conformance dataset ${DATASET}`, () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ name: 'conformance', dataset: DATASET });
    });
    after(async () => server.close());

    it('reports every required expected anomaly of the dataset', async () => {
      const info = parseInfYaml(readFileSync(`../shared/data/conformance/${DATASET}/inf.yaml`, 'utf8'));
      const prepared = await prepareAnalysis(`${server.gerritBase}/c/openstack/nova/+/${server.change}`, { ...DEFAULT_SOURCE_SETTINGS, cacheDir });
      assert.equal(prepared.baselines.length, 3);
      const outcome = await runJob({
        baseline: [...prepared.baselines], target: [prepared.target], source: prepared.source,
        options: { ...DEFAULT_OPTIONS, threshold: info.threshold ?? DEFAULT_OPTIONS.threshold },
      });
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.error.message);
      const report: Report = withFileUrls(outcome.report, prepared);
      const reported = report.files.flatMap((f) => f.anomalies.map((a) => a.text));
      for (const expected of info.anomalies.filter((a) => !a.optional)) {
        assert.ok(reported.some((text) => text.includes(expected.line.trim())), `missing: ${expected.line}`);
      }
      assert.equal(report.source?.change?.number, server.change);
      assert.equal(report.source?.job, server.jobName);
      assert.equal(report.source?.baselines?.length, 3);
      assert.ok(report.files.every((f) => f.url?.startsWith(`${server.url}/logs/${server.targetUuid}/`)));
    });
  });

  describe('generated sample job through the analyze command', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer('sample');
    });
    after(async () => server.close());

    it('prints the planted failure lines and writes JSON; progress goes to stderr', async () => {
      const { generateSampleJob } = await import('../../fixtures/sampleJob');
      const json = path.join(cacheDir, 'report.json');
      const result = await captured(() => runAnalyzeCommand([`${server.zuulRoot}t/openstack/build/${server.targetUuid}`, '--cache', path.join(cacheDir, 'c'), '--json', json]));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /\[download/);
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      for (const marker of generateSampleJob(1, 3).failureMarkers) {
        assert.ok(result.stdout.includes(marker.text), `stdout lacks ${marker.text}`);
        const file = report.files.find((f) => f.path === marker.file);
        assert.ok(file?.anomalies.some((a) => a.text.includes(marker.text)), `${marker.file}: ${marker.text}`);
      }
    });

    it('exit 2 on bad arguments and links and when there is nothing to compare, 1 on source errors, --job picks among failures', async () => {
      const cache = ['--cache', path.join(cacheDir, 'c')];
      assert.equal((await captured(() => runAnalyzeCommand([]))).code, 2);
      assert.equal((await captured(() => runAnalyzeCommand(['https://x/c/abc/+/notanumber']))).code, 2);
      assert.equal((await captured(() => runAnalyzeCommand(['x', '--baselines', 'many']))).code, 2);
      assert.equal((await captured(() => runAnalyzeCommand(['x', '--nope']))).code, 2);
      const missing = await captured(() => runAnalyzeCommand([`${server.zuulRoot}t/openstack/build/${'f'.repeat(32)}`, ...cache]));
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /not found/);
      const picked = await captured(() => runAnalyzeCommand([`${server.gerritBase}/c/openstack/nova/+/${server.change}`, '--job', `${server.jobName}-nv`, '--baselines', '1', ...cache]));
      assert.equal(picked.code, 2, picked.stderr); // The non-voting job has no successful build to compare with.
      assert.match(picked.stderr, /No successful build of devstack-tempest-sample-nv/);
      assert.match(picked.stderr, /nothing was compared: no baseline logs were found/);
    });

    it('exits 130 when stopped with Ctrl-C, as shells report an interrupted command', async () => {
      // A log server that answers nothing: the command is still waiting when the interrupt comes.
      const running = captured(() => runAnalyzeCommand([`${server.url}/fault/slow/60000/`, '--cache', path.join(cacheDir, 'c')]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.emit('SIGINT');
      const result = await running;
      assert.equal(result.code, 130, result.stderr);
      assert.match(result.stderr, /cancel/i);
    });

    it('--zuul-api accepts web roots, tenant pages and API roots', () => {
      assert.deepEqual(parseZuulApi('https://zuul.opendev.org', undefined), { url: 'https://zuul.opendev.org/' });
      assert.deepEqual(parseZuulApi('https://zuul.opendev.org/t/openstack/', undefined), { url: 'https://zuul.opendev.org/', tenant: 'openstack' });
      assert.deepEqual(parseZuulApi('https://sf.io/zuul/api/tenant/rdoproject.org/', undefined), { url: 'https://sf.io/zuul/', tenant: 'rdoproject.org' });
      assert.deepEqual(parseZuulApi('https://review.rdoproject.org/zuul/api/', undefined), { url: 'https://review.rdoproject.org/zuul/' });
      assert.deepEqual(parseZuulApi('https://zuul.opendev.org/', 'x'), { url: 'https://zuul.opendev.org/', tenant: 'x' });
    });
  });
});
