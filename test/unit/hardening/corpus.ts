// The hostile-input corpus and fault matrix, as data plus one runner per case. Everything is generated at run time
// into a temporary folder or served by a local server: no data file is committed. `scripts/hardening.ts` prints the
// outcome of every case; `corpus.test.ts` asserts the same cases (the heavy ones only in the script).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import type { Report } from '../../../src/core/report';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import { downloadFiles, listLogFiles, type DownloadOptions } from '../../../src/sources/download';
import { DEFAULT_SOURCE_SETTINGS, prepareAnalysis, resolveTarget, type BuildInfo, type SourceSettings } from '../../../src/sources/flow';
import { HttpClient } from '../../../src/sources/http';
import { parseLink } from '../../../src/sources/links';
import { SourceError, type SourceFailure } from '../../../src/sources/sourceError';
import { AnalysisClient, AnalysisError } from '../../../src/worker/client';
import { runJob } from '../../../src/worker/runJob';
import { startFixtureServer, type FixtureServer } from '../../fixtures/fixtureServer';
import { resetMidBody, sendJson, sendText, startHostileServer, trickle, type HostileServer } from './hostileServer';

export type OutcomeKind = 'ok' | 'clearError';

export interface Outcome {
  readonly kind: OutcomeKind;
  /** What happened, one line: the skip reason, the error message, the anomaly found. */
  readonly detail: string;
}

/** A case ran but its result is not the expected one (a wrong answer, not a crash). */
export class WrongOutcome extends Error {
  override readonly name = 'WrongOutcome';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new WrongOutcome(message);
}

export interface CorpusContext {
  readonly dir: string;
  readonly fixture: FixtureServer;
  readonly hostile: HostileServer;
  /** Bundled CLI and worker (dist/cli.js, dist/worker.js or test builds of them). */
  readonly cliPath: string;
  readonly workerPath: string;
  /** Bytes of generated input files (served bodies are counted by the hostile server). */
  corpusBytes: number;
}

export interface HardeningCase {
  readonly name: string;
  readonly group: 'input' | 'manifest' | 'api' | 'fault' | 'cancel' | 'security';
  readonly expected: OutcomeKind;
  /** The correct behaviour in words, printed beside the actual outcome. */
  readonly expectation: string;
  /** Too slow or too big for the unit suite: run by `npm run hardening` only, in its own process (peak RSS). */
  readonly heavy?: boolean;
  /** An existing unit test already asserts this; the hardening suite does not repeat it, the script still runs it. */
  readonly coveredBy?: string;
  run(ctx: CorpusContext): Promise<Outcome>;
}

export async function createCorpusContext(bundles: { cliPath: string; workerPath: string }): Promise<CorpusContext & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-hardening-'));
  const fixture = await startFixtureServer('sample');
  const hostile = await startHostileServer();
  return {
    dir, fixture, hostile, ...bundles, corpusBytes: 0,
    dispose: async () => {
      await Promise.all([fixture.close(), hostile.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A message a user can act on: not empty, no stack trace, no bare JavaScript error. */
export function isClearMessage(message: string): boolean {
  return message.trim().length >= 10 && !/\n\s+at /.test(message) && !/^(TypeError|RangeError|ReferenceError|URIError|SyntaxError)\b/.test(message)
    && !/Cannot read propert|is not a function|undefined is not|\[object Object\]/.test(message);
}

function write(ctx: CorpusContext, relative: string, data: string | Buffer): string {
  const file = path.join(ctx.dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  ctx.corpusBytes += Buffer.byteLength(data);
  return file;
}

/** Lines a CI job might print, so baseline and target share a model and only planted lines are new. */
function normalLines(count: number, seed = 1): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`2025-03-10 12:${String(i % 60).padStart(2, '0')}:00.${String((i * seed) % 1000).padStart(3, '0')} INFO service.worker step ${i % 17} finished ok`);
  return lines;
}

const BASELINE_TEXT = `${normalLines(200).join('\n')}\n`;

interface LocalCase {
  readonly target: Record<string, string | Buffer>;
  readonly baseline?: Record<string, string | Buffer>;
  readonly maxFileBytes?: number;
}

/** Writes a baseline folder (job-output.txt of ordinary lines unless given) and a target folder, then runs the job as the CLI does. */
async function runLocal(ctx: CorpusContext, name: string, spec: LocalCase): Promise<{ report: Report } | { error: string; kind: string }> {
  const root = path.join(ctx.dir, 'local', name);
  for (const [file, data] of Object.entries(spec.baseline ?? { 'job-output.txt': BASELINE_TEXT })) write(ctx, path.relative(ctx.dir, path.join(root, 'baseline', file)), data);
  for (const [file, data] of Object.entries(spec.target)) write(ctx, path.relative(ctx.dir, path.join(root, 'target', file)), data);
  const outcome = await runJob(
    { baseline: [path.join(root, 'baseline')], target: [path.join(root, 'target')], options: DEFAULT_OPTIONS },
    spec.maxFileBytes !== undefined ? { maxFileBytes: spec.maxFileBytes } : {},
  );
  return outcome.ok ? { report: outcome.report } : { error: outcome.error.message, kind: outcome.error.kind };
}

async function localReport(ctx: CorpusContext, name: string, spec: LocalCase): Promise<Report> {
  const result = await runLocal(ctx, name, spec);
  if ('error' in result) throw new WrongOutcome(`analysis failed (${result.kind}): ${result.error}`);
  return result.report;
}

function skipOf(report: Report, file: string): Report['skipped'][number] | undefined {
  return report.skipped.find((s) => s.path === file || s.path.endsWith(`/${file}`));
}

function anomalyTexts(report: Report, file?: string): string[] {
  return report.files.filter((f) => file === undefined || f.path.endsWith(file)).flatMap((f) => f.anomalies.map((a) => a.text));
}

function expectSkip(report: Report, file: string, reason: string, detail?: RegExp): Outcome {
  const skip = skipOf(report, file);
  check(skip, `${file} was not skipped; skipped: ${JSON.stringify(report.skipped)}`);
  check(skip.reason === reason, `${file} skipped as ${skip.reason}, expected ${reason}`);
  check(detail === undefined || detail.test(skip.detail ?? ''), `${file} skip detail "${skip.detail}" does not match ${detail}`);
  check(report.files.some((f) => f.path.endsWith('ok.log')), 'the healthy file beside it was not analysed');
  return { kind: 'ok', detail: `skipped ${skip.reason}: ${skip.detail ?? ''}` };
}

const PLANTED = 'ERROR nova.compute.manager Instance failed to spawn: libvirtError internal error qemu unexpectedly closed the monitor';

function okLog(): string {
  return `${normalLines(50).join('\n')}\n${PLANTED}\n`;
}

/** Streams `bytes` of one repeated byte through gzip into a file, so a big bomb never sits in memory. */
async function writeGzipBomb(file: string, bytes: number): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const gzip = createGzip({ level: 9 });
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const chunk = Buffer.alloc(4 * 1024 * 1024, 0x41);
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!gzip.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return statSync(file).size;
}

function xz(bytes: Buffer): Buffer {
  return execFileSync('xz', ['-c', '-z'], { input: bytes });
}

// ---------------------------------------------------------------------------------------------------------------
// Local files: reader + engine through runJob, as the CLI's `diff` and the worker run them.

function localCases(): HardeningCase[] {
  const bomb = (name: string, bytes: number, cap: number | undefined, heavy: boolean): HardeningCase => ({
    name, group: 'input', expected: 'ok', heavy,
    expectation: `a ${bytes / 1024 ** 2} MiB gzip bomb is skipped as tooLarge at the ${(cap ?? 256 * 1024 ** 2) / 1024 ** 2} MiB cap`,
    run: async (ctx) => {
      const file = path.join(ctx.dir, 'local', name, 'target', 'bomb.log.gz');
      ctx.corpusBytes += await writeGzipBomb(file, bytes);
      const report = await localReport(ctx, name, { target: { 'ok.log': okLog() }, ...(cap !== undefined ? { maxFileBytes: cap } : {}) });
      return expectSkip(report, 'bomb.log.gz', 'tooLarge', /decompresses to more than/);
    },
  });
  const text = okLog();
  return [
    bomb('gzip bomb (64 MiB, 16 MiB cap)', 64 * 1024 ** 2, 16 * 1024 ** 2, false),
    bomb('gzip bomb (1 GiB, default cap)', 1024 ** 3, undefined, true),
    {
      name: 'truncated gzip', group: 'input', expected: 'ok', expectation: 'skipped as unreadable: truncated gzip data',
      run: async (ctx) => {
        const gz = gzipSync(Buffer.from(text.repeat(50)));
        const report = await localReport(ctx, 'truncated-gzip', { target: { 'cut.log.gz': gz.subarray(0, gz.length >> 1), 'ok.log': text } });
        return expectSkip(report, 'cut.log.gz', 'unreadable', /truncated gzip/);
      },
    },
    {
      name: 'xz file', group: 'input', expected: 'ok', expectation: 'decoded by magic bytes; its planted error line is reported',
      run: async (ctx) => {
        const report = await localReport(ctx, 'xz', { target: { 'job-output.txt.xz': xz(Buffer.from(text)), 'ok.log': text } });
        const found = anomalyTexts(report, 'job-output.txt.xz').some((t) => t.includes('libvirtError'));
        check(found, `planted line not found in the xz file: ${JSON.stringify(report.files.map((f) => f.path))}`);
        return { kind: 'ok', detail: 'planted line reported from the xz file' };
      },
    },
    {
      name: 'truncated xz', group: 'input', expected: 'ok', expectation: 'skipped as unreadable: truncated or corrupt xz data',
      run: async (ctx) => {
        const data = xz(Buffer.from(text.repeat(50)));
        const report = await localReport(ctx, 'truncated-xz', { target: { 'cut.log.xz': data.subarray(0, data.length >> 1), 'ok.log': text } });
        return expectSkip(report, 'cut.log.xz', 'unreadable', /(truncated|corrupt) xz/);
      },
    },
    {
      name: 'binary file', group: 'input', expected: 'ok', expectation: 'skipped as binary (NUL bytes / control bytes)',
      run: async (ctx) => {
        const bytes = Buffer.alloc(64 * 1024);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
        const report = await localReport(ctx, 'binary', { target: { 'core.dump.log': bytes, 'ok.log': text } });
        return expectSkip(report, 'core.dump.log', 'binary');
      },
    },
    {
      name: 'invalid UTF-8', group: 'input', expected: 'ok', expectation: 'bad bytes become U+FFFD; the rest of the line is kept and reported',
      run: async (ctx) => {
        const bytes = Buffer.concat([Buffer.from(`${normalLines(20).join('\n')}\nERROR bad bytes `), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80]), Buffer.from(' tail of the line\n')]);
        const report = await localReport(ctx, 'invalid-utf8', { target: { 'ok.log': bytes } });
        const line = anomalyTexts(report).find((t) => t.includes('bad bytes'));
        check(line !== undefined && line.includes('\uFFFD') && line.endsWith('tail of the line'), `line not reported with replacement characters: ${JSON.stringify(line)}`);
        return { kind: 'ok', detail: `reported ${JSON.stringify(line.slice(0, 40))}` };
      },
    },
    longLine('single 5 MB line', 5 * 1024 * 1024, false),
    longLine('single 50 MB line', 50 * 1024 * 1024, true),
    manyLines('1M-line file', 1_000_000, false),
    manyLines('10M-line file', 10_000_000, true),
    {
      name: 'empty files', group: 'input', expected: 'ok', expectation: 'an empty file and a gzip of nothing are skipped as empty',
      run: async (ctx) => {
        const report = await localReport(ctx, 'empty', { target: { 'empty.log': '', 'empty.log.gz': gzipSync(Buffer.alloc(0)), 'ok.log': text } });
        expectSkip(report, 'empty.log.gz', 'empty');
        return expectSkip(report, 'empty.log', 'empty');
      },
    },
    {
      name: 'only empty target', group: 'input', expected: 'ok', expectation: 'a report with no files and the empty file listed, not an error',
      run: async (ctx) => {
        const report = await localReport(ctx, 'only-empty', { target: { 'empty.log': '' } });
        check(report.files.length === 0 && skipOf(report, 'empty.log')?.reason === 'empty', `unexpected report: ${JSON.stringify(report.skipped)}`);
        return { kind: 'ok', detail: 'no files analysed, empty.log listed as empty' };
      },
    },
    {
      name: 'CRLF and lone CR', group: 'input', expected: 'ok', expectation: 'both split lines; the planted line keeps its line number and has no \\r',
      run: async (ctx) => {
        const lines = normalLines(30);
        const body = `${lines.slice(0, 10).join('\r\n')}\r\n${lines.slice(10, 20).join('\r')}\r${PLANTED}\r\n${lines.slice(20).join('\r\n')}\r\n`;
        const report = await localReport(ctx, 'crlf', { target: { 'ok.log': body } });
        const anomaly = report.files.flatMap((f) => f.anomalies).find((a) => a.text.includes('libvirtError'));
        check(anomaly !== undefined, 'planted line not reported');
        check(anomaly.line === 21 && !anomaly.text.includes('\r'), `planted line at ${anomaly.line} (expected 21), text ${JSON.stringify(anomaly.text)}`);
        return { kind: 'ok', detail: `planted line reported at line ${anomaly.line}` };
      },
    },
    {
      name: 'ANSI colour codes', group: 'input', expected: 'ok', expectation: 'read as text (not binary); the coloured error line is reported',
      run: async (ctx) => {
        const body = `${normalLines(30).map((l) => `\u001b[32m${l}\u001b[0m`).join('\n')}\n\u001b[1;31m${PLANTED}\u001b[0m\n`;
        const report = await localReport(ctx, 'ansi', { target: { 'ok.log': body } });
        check(!skipOf(report, 'ok.log'), 'the coloured log was skipped');
        check(anomalyTexts(report).some((t) => t.includes('libvirtError')), 'coloured error line not reported');
        return { kind: 'ok', detail: 'coloured error line reported' };
      },
    },
    {
      name: 'HTML and script in lines', group: 'input', expected: 'ok', expectation: 'kept verbatim as data in the report and the CLI text (escaping is the renderer\'s job)',
      run: async (ctx) => {
        const evil = '<script>alert(document.cookie)</script><img src=x onerror="alert(1)"> &amp; ]]> {{constructor.constructor("x")()}}';
        const report = await localReport(ctx, 'html', { target: { 'ok.log': `${normalLines(30).join('\n')}\n${evil}\n` } });
        check(anomalyTexts(report).includes(evil), `the line was altered or lost: ${JSON.stringify(anomalyTexts(report))}`);
        return { kind: 'ok', detail: 'reported verbatim' };
      },
    },
    {
      name: 'terminal escape sequences in lines', group: 'input', expected: 'ok', coveredBy: 'test/unit/cli/diff.test.ts',
      expectation: 'the CLI text report sends no control character to the terminal (sequences dropped, the rest shown escaped); the JSON keeps the line',
      run: async (ctx) => {
        const evil = '\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b[2J\x1b[31merror: all disks gone\x1b[0m \u202egnp.exe\x07';
        write(ctx, 'local/escapes/base/ok.log', `${normalLines(30).join('\n')}\n`);
        write(ctx, 'local/escapes/fail/ok.log', `${normalLines(30).join('\n')}\n${evil}\n`);
        const json = path.join(ctx.dir, 'escapes.json');
        const out = await runCli(ctx, ['diff', path.join(ctx.dir, 'local/escapes/base'), '--target', path.join(ctx.dir, 'local/escapes/fail'), '--json', json], {});
        check(out.status === 0, `exit ${out.status}: ${out.stderr}`);
        check(!/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(out.stdout), 'a control character reached the terminal');
        check(/error: all disks gone \\u\{202e\}gnp\.exe\\x07$/m.test(out.stdout), `the line is not shown readably: ${out.stdout}`);
        const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
        check(anomalyTexts(report).includes(evil), 'the JSON report altered the line');
        return { kind: 'ok', detail: 'shown without control characters, kept verbatim in JSON' };
      },
    },
    {
      name: 'symlinks in a local folder', group: 'input', expected: 'ok', expectation: 'links to outside files, loops and dangling links are skipped as symlink',
      run: async (ctx) => {
        const root = path.join(ctx.dir, 'local', 'symlinks');
        write(ctx, 'local/symlinks/target/ok.log', text);
        symlinkSync('/etc/passwd', path.join(root, 'target', 'passwd.log'));
        symlinkSync('..', path.join(root, 'target', 'loop'));
        symlinkSync(path.join(root, 'nowhere'), path.join(root, 'target', 'dangling.log'));
        const report = await localReport(ctx, 'symlinks', { target: {} });
        for (const name of ['passwd.log', 'loop', 'dangling.log']) check(skipOf(report, name)?.reason === 'symlink', `${name} not skipped as symlink: ${JSON.stringify(report.skipped)}`);
        check(!report.files.some((f) => /passwd/.test(f.path)), 'a linked file was read');
        return { kind: 'ok', detail: '3 links skipped as symlink' };
      },
    },
    {
      name: 'missing local path', group: 'input', expected: 'clearError', expectation: 'an input error naming the path',
      run: async (ctx) => {
        const outcome = await runJob({ baseline: [path.join(ctx.dir, 'nowhere')], target: [path.join(ctx.dir, 'nowhere')], options: DEFAULT_OPTIONS });
        check(!outcome.ok && outcome.error.kind === 'input' && outcome.error.message.includes('nowhere'), `unexpected: ${JSON.stringify(outcome.ok ? 'ok' : outcome.error)}`);
        return { kind: 'clearError', detail: outcome.error.message };
      },
    },
  ];
}

function longLine(name: string, bytes: number, heavy: boolean): HardeningCase {
  return {
    name, group: 'input', expected: 'ok', heavy, expectation: 'read and scored on its first maxLineLength characters; reported as truncated',
    run: async (ctx) => {
      const line = `ERROR giant payload ${'x9Q'.repeat(Math.ceil(bytes / 3))}`.slice(0, bytes);
      const report = await localReport(ctx, name.replace(/\W+/g, '-'), { target: { 'ok.log': `${normalLines(10).join('\n')}\n${line}\n` } });
      const anomaly = report.files.flatMap((f) => f.anomalies).find((a) => a.text.startsWith('ERROR giant payload'));
      check(anomaly !== undefined, 'the long line was not reported');
      check(anomaly.truncated === true, 'the long line is not marked truncated');
      return { kind: 'ok', detail: `reported, ${anomaly.text.length} characters kept in the report` };
    },
  };
}

function manyLines(name: string, count: number, heavy: boolean): HardeningCase {
  return {
    name, group: 'input', expected: 'ok', heavy, expectation: `all ${count.toLocaleString('en')} lines read; the one planted line found`,
    run: async (ctx) => {
      const file = path.join(ctx.dir, 'local', `lines-${count}`, 'target', 'ok.log');
      mkdirSync(path.dirname(file), { recursive: true });
      const out = createWriteStream(file);
      const plantAt = Math.floor(count * 0.7);
      let batch: string[] = [];
      for (let i = 0; i < count; i++) {
        batch.push(i === plantAt ? PLANTED : `step ${i % 17} finished ok`);
        if (batch.length === 10_000) {
          if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          batch = [];
        }
      }
      out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
      await new Promise<void>((resolve) => out.on('finish', () => resolve()));
      ctx.corpusBytes += statSync(file).size;
      const report = await localReport(ctx, `lines-${count}`, { target: {}, baseline: { 'ok.log': `${Array.from({ length: 17 }, (_, i) => `step ${i} finished ok`).join('\n')}\n` } });
      check(report.totals.targetLines === count, `${report.totals.targetLines} target lines counted, expected ${count}`);
      const anomaly = report.files.flatMap((f) => f.anomalies).find((a) => a.text === PLANTED);
      check(anomaly?.line === plantAt + 1, `planted line not reported at ${plantAt + 1}`);
      return { kind: 'ok', detail: `${report.totals.targetLines} lines, planted line at ${anomaly.line}` };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Manifests and log trees: listLogFiles + downloadFiles against the hostile server.

export const FAST_HTTP = { timeoutMs: 400, deadlineMs: 1200, attempts: 2, retryDelayMs: 10 };

export function downloadOptions(extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return { include: [], exclude: [], concurrency: 4, maxFileBytes: 4 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024, ...extra };
}

/** Every file under `dir`, relative, '/'-separated. */
export function walkFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walkFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]).sort();
}

export interface ManifestNode {
  readonly name: unknown;
  readonly mimetype?: unknown;
  readonly size?: unknown;
  readonly children?: unknown;
}

/**
 * Serves a manifest at `<prefix>zuul-manifest.json` and, for any other path, a small text body naming the path.
 * Returns the log root URL.
 */
export function serveManifest(ctx: CorpusContext, prefix: string, manifest: unknown, body: (rest: string) => string | Buffer = (rest) => `content of ${rest}\n`): string {
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  ctx.hostile.route(prefix, (_req, res, rest) => {
    if (rest === 'zuul-manifest.json') return sendText(res, text, 200, 'application/json');
    sendText(res, body(decodeURIComponent(rest)));
  });
  return ctx.hostile.url + prefix;
}

const file = (name: unknown, extra: Partial<ManifestNode> = {}): ManifestNode => ({ name, mimetype: 'text/plain', size: 20, ...extra });
const dirNode = (name: unknown, children: unknown): ManifestNode => ({ name, mimetype: 'application/directory', children });

/** Downloads a served tree into a fresh `files` folder of its own and checks nothing lands beside it. */
async function downloadTree(ctx: CorpusContext, name: string, logRoot: string, options: DownloadOptions = downloadOptions()): Promise<{ written: string[]; skipped: { path: string; detail?: string; reason: string }[] }> {
  const box = path.join(ctx.dir, 'downloads', name.replace(/\W+/g, '-'));
  const dest = path.join(box, 'files');
  mkdirSync(dest, { recursive: true });
  const http = new HttpClient(FAST_HTTP);
  const listing = await listLogFiles(http, logRoot, options);
  const result = await downloadFiles(http, listing, dest, options);
  const outside = readdirSync(box).filter((entry) => entry !== 'files');
  check(outside.length === 0, `written outside the download folder: ${outside.join(', ')}`);
  return { written: walkFiles(dest), skipped: result.skipped };
}

function traversalCase(name: string, evil: ManifestNode): HardeningCase {
  return {
    name, group: 'manifest', expected: 'ok', expectation: 'the name is refused (listed as unsafe), the healthy file is downloaded, nothing written outside',
    run: async (ctx) => {
      const root = serveManifest(ctx, `/h/${name.replace(/\W+/g, '-')}/`, { tree: [evil, file('ok.txt')] });
      const { written, skipped } = await downloadTree(ctx, name, root);
      check(written.length === 1 && written[0] === 'ok.txt', `written: ${written.join(', ')}`);
      const refused = skipped.find((s) => /unsafe/.test(s.detail ?? ''));
      check(refused, `the unsafe name was not listed: ${JSON.stringify(skipped)}`);
      return { kind: 'ok', detail: `refused ${JSON.stringify(refused.path).slice(0, 50)}` };
    },
  };
}

function manifestCases(): HardeningCase[] {
  return [
    traversalCase('manifest name ../', file('../../escape.txt')),
    traversalCase('manifest directory ..', dirNode('..', [file('escape.txt')])),
    traversalCase('manifest absolute path', file('/etc/cron.d/evil')),
    traversalCase('manifest %2e%2e', file('%2e%2e%2f%2e%2e%2fescape.txt')),
    traversalCase('manifest backslashes', file('..\\..\\escape.txt')),
    traversalCase('manifest NUL byte', file('ok.txt\u0000../../escape')),
    traversalCase('manifest Windows drive', dirNode('C:', [file('escape.txt')])),
    {
      name: 'manifest very long names', group: 'manifest', expected: 'ok', expectation: 'names over 200 bytes shortened with a hash, distinct, extension kept',
      run: async (ctx) => {
        const long = (c: string): string => `${c.repeat(1000)}.txt`;
        const root = serveManifest(ctx, '/h/long-names/', { tree: [file(long('a')), file(long('b')), dirNode('d'.repeat(1000), [file(long('é'))]), file('ok.txt')] });
        const { written } = await downloadTree(ctx, 'long-names', root);
        check(written.length === 4, `written: ${written.length}`);
        check(written.every((w) => w.split('/').every((s) => Buffer.byteLength(s) <= 200) && w.endsWith('.txt')), `a name is too long: ${written.map((w) => w.length).join(',')}`);
        return { kind: 'ok', detail: '4 files stored under shortened names' };
      },
    },
    {
      name: 'manifest file and folder of the same name', group: 'manifest', expected: 'ok', expectation: 'the clash is reported as a skipped file; the rest is downloaded',
      run: async (ctx) => {
        const gz = gzipSync(Buffer.from('compressed log\n'));
        const root = serveManifest(ctx, '/h/clash/', { tree: [file('a'), dirNode('a', [file('b.txt')]), file('x.gz'), dirNode('x', [file('y.txt')]), file('ok.txt')] }, (rest) => (rest === 'x.gz' ? gz : `content of ${rest}\n`));
        const { written, skipped } = await downloadTree(ctx, 'clash', root, downloadOptions({ concurrency: 1 }));
        check(written.includes('ok.txt'), `ok.txt missing: ${written.join(', ')}`);
        check(written.length + skipped.length === 5, `written ${written.join(',')} skipped ${JSON.stringify(skipped)}`);
        return { kind: 'ok', detail: `${written.length} written, ${skipped.length} skipped: ${skipped.map((s) => s.detail).join('; ')}` };
      },
    },
    {
      name: 'manifest nested 1000 deep', group: 'manifest', expected: 'ok', expectation: 'files up to depth 64 downloaded, the deeper part listed as skipped (never silently)',
      run: async (ctx) => {
        let tree: ManifestNode = file('deep.txt');
        for (let i = 0; i < 1000; i++) tree = dirNode('d', [tree]);
        const root = serveManifest(ctx, '/h/deep/', { tree: [tree, file('ok.txt')] });
        const { written, skipped } = await downloadTree(ctx, 'deep', root);
        check(written.includes('ok.txt'), 'ok.txt missing');
        check(skipped.some((s) => /deep/i.test(s.detail ?? '')), `the cut-off part is not reported: ${JSON.stringify(skipped).slice(0, 200)}`);
        return { kind: 'ok', detail: `ok.txt downloaded; ${skipped[0]?.detail ?? ''}` };
      },
    },
    {
      name: 'manifest with odd entries', group: 'manifest', expected: 'ok', expectation: 'entries that are not files (null, numbers, bad children, negative sizes) are ignored',
      run: async (ctx) => {
        const root = serveManifest(ctx, '/h/odd/', { tree: [null, 5, 'x', { name: 42 }, { name: 'c', children: 'nope' }, { name: 'neg.txt', size: -1 }, { name: 'nan.txt', size: 'huge' }, { name: {} }, file('ok.txt'), { name: '__proto__', children: [file('p.txt')] }] });
        const { written } = await downloadTree(ctx, 'odd', root);
        check(written.includes('ok.txt'), `written: ${written.join(',')}`);
        return { kind: 'ok', detail: `written: ${written.join(', ')}` };
      },
    },
    {
      name: 'huge manifest (200k entries)', group: 'manifest', expected: 'ok', heavy: true, expectation: 'listed in full; include globs pick the few files wanted',
      run: async (ctx) => hugeManifest(ctx, 200_000),
    },
    {
      name: 'large manifest (20k entries)', group: 'manifest', expected: 'ok', expectation: 'listed in full; include globs pick the few files wanted',
      run: async (ctx) => hugeManifest(ctx, 20_000),
    },
    {
      name: 'manifest over 32 MB', group: 'manifest', expected: 'clearError', expectation: 'tooLarge: the manifest is over its cap',
      run: async (ctx) => {
        const names = Array.from({ length: 450_000 }, (_, i) => file(`some/long/folder/name/file-number-${i}.txt`));
        const root = serveManifest(ctx, '/h/oversize/', { tree: names });
        return expectSourceError(downloadTree(ctx, 'oversize', root), 'tooLarge');
      },
    },
    {
      name: 'manifest not JSON', group: 'manifest', expected: 'clearError', expectation: 'falls back to crawling; no index page lists files, so notFound: no log files',
      run: async (ctx) => {
        const root = serveManifest(ctx, '/h/notjson/', '<<< not json {{{');
        return expectSourceError(prepareAnalysis(root, { ...settingsFor(ctx), baselineCount: 0 }), 'notFound');
      },
    },
    {
      name: 'manifest wrongly shaped', group: 'manifest', expected: 'clearError', expectation: 'badResponse: no "tree"',
      run: async (ctx) => expectSourceError(downloadTree(ctx, 'shape', serveManifest(ctx, '/h/shape/', { tree: 'all of them' })), 'badResponse'),
    },
    {
      name: 'manifest gzip bomb (fixture)', group: 'manifest', expected: 'ok', coveredBy: 'test/unit/sources/download.test.ts',
      expectation: 'the 48 MiB .gz is skipped as tooLarge at a 1 MiB cap, ok.txt downloaded',
      run: async (ctx) => {
        const { written, skipped } = await downloadTree(ctx, 'fixture-bomb', `${ctx.fixture.url}/fault/bomb/`, downloadOptions({ maxFileBytes: 1024 * 1024 }));
        check(written.join() === 'ok.txt' && skipped.some((s) => s.path === 'bomb.txt.gz' && s.reason === 'tooLarge'), `written ${written.join()} skipped ${JSON.stringify(skipped)}`);
        return { kind: 'ok', detail: 'bomb.txt.gz skipped as tooLarge' };
      },
    },
  ];
}

async function hugeManifest(ctx: CorpusContext, count: number): Promise<Outcome> {
  const folders = Array.from({ length: Math.ceil(count / 1000) }, (_, d) => dirNode(`host-${d}`, Array.from({ length: 1000 }, (_, i) => file(`service-${i}.log`))));
  const root = serveManifest(ctx, `/h/huge-${count}/`, { tree: [...folders, file('job-output.txt')] });
  const started = Date.now();
  const { written } = await downloadTree(ctx, `huge-${count}`, root, downloadOptions({ include: ['job-output.txt', 'host-1/service-1.log'] }));
  check(written.join() === 'host-1/service-1.log,job-output.txt', `written: ${written.join()}`);
  return { kind: 'ok', detail: `${count} entries listed in ${Date.now() - started} ms, 2 selected` };
}

async function expectSourceError(promise: Promise<unknown>, reason: SourceFailure | readonly SourceFailure[]): Promise<Outcome> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WrongOutcome) throw error;
    if (!SourceError.is(error)) throw error;
    const wanted = typeof reason === 'string' ? [reason] : reason;
    check(wanted.includes(error.reason), `reason ${error.reason} (${error.message}), expected ${wanted.join(' or ')}`);
    check(isClearMessage(error.message), `unclear message: ${error.message}`);
    return { kind: 'clearError', detail: `${error.reason}: ${error.message}` };
  }
  throw new WrongOutcome(`expected a ${String(reason)} error, got success`);
}

// ---------------------------------------------------------------------------------------------------------------
// API answers and link forms.

const UUID = 'deadbeefdeadbeefdeadbeefdeadbeef';

function settingsFor(ctx: CorpusContext, extra: Partial<SourceSettings> = {}): SourceSettings {
  return { ...DEFAULT_SOURCE_SETTINGS, cacheDir: path.join(ctx.dir, 'cache'), ...FAST_HTTP, ...extra };
}

function zuulBuildAnswer(name: string, answer: (res: ServerResponse) => void, expectation: string, reason: SourceFailure = 'badResponse'): HardeningCase {
  return {
    name, group: 'api', expected: 'clearError', expectation,
    run: async (ctx) => {
      const prefix = `/h/${name.replace(/\W+/g, '-')}/`;
      ctx.hostile.route(prefix, (_req, res) => answer(res));
      return expectSourceError(resolveTarget(`${ctx.hostile.url}${prefix}t/tenant/build/${UUID}`, settingsFor(ctx)), reason);
    },
  };
}

function apiCases(): HardeningCase[] {
  return [
    zuulBuildAnswer('Zuul answers non-JSON', (res) => sendText(res, 'Service Temporarily Unavailable {', 200, 'application/json'), 'badResponse: not valid JSON'),
    zuulBuildAnswer('Zuul answers a list for a build', (res) => sendJson(res, []), 'badResponse: not a Zuul build'),
    zuulBuildAnswer('Zuul build with null fields', (res) => sendJson(res, { uuid: null, job_name: 7, log_url: {} }), 'badResponse: not a Zuul build'),
    zuulBuildAnswer('Zuul answers an HTML error page', (res) => sendText(res, '<html><body>Bad gateway</body></html>', 200, 'text/html'), 'badResponse: HTML where JSON was expected'),
    zuulBuildAnswer('Zuul answers a JSON string', (res) => sendJson(res, 'ok'), 'badResponse: not a Zuul build'),
    {
      name: 'Zuul build with a hostile log_url', group: 'api', expected: 'ok', expectation: 'a log_url of another scheme or with credentials is not followed blindly: the build resolves, the download fails cleanly',
      run: async (ctx) => {
        ctx.hostile.route('/h/badlogurl/', (_req, res) => sendJson(res, { uuid: UUID, job_name: 'j', result: 'FAILURE', log_url: 'file:///etc/' }));
        const settings = { ...settingsFor(ctx), baselineCount: 0 };
        const outcome = await expectSourceError(prepareAnalysis(`${ctx.hostile.url}/h/badlogurl/t/tenant/build/${UUID}`, settings), ['badLink', 'network', 'badResponse', 'notFound']);
        return { kind: 'ok', detail: `refused: ${outcome.detail}` };
      },
    },
    {
      name: 'Zuul builds list wrongly shaped', group: 'api', expected: 'clearError', expectation: 'badResponse: not a list of builds',
      run: async (ctx) => {
        ctx.hostile.route('/h/builds-shape/', (_req, res) => sendJson(res, { builds: 'many' }));
        const settings = settingsFor(ctx, { zuulMap: { [`127.0.0.1:${new URL(ctx.hostile.url).port}`]: { url: `${ctx.hostile.url}/h/builds-shape/`, tenant: 't' } } });
        return expectSourceError(resolveTarget(`${ctx.hostile.url}/r/c/project/+/123`, settings), 'badResponse');
      },
    },
    {
      name: 'Gerrit answer with a garbled prefix', group: 'api', expected: 'clearError', expectation: 'badResponse: not valid JSON',
      run: async (ctx) => {
        ctx.hostile.route('/h/gerrit-garbled/', (_req, res) => sendText(res, ")]}'garbage{\"_number\": 1}", 200, 'application/json'));
        return expectSourceError(resolveTarget(`${ctx.hostile.url}/h/gerrit-garbled/c/p/+/5`, settingsFor(ctx)), 'badResponse');
      },
    },
    {
      name: 'Gerrit change of the wrong shape', group: 'api', expected: 'clearError', expectation: 'badResponse: not a Gerrit change',
      run: async (ctx) => {
        ctx.hostile.route('/h/gerrit-shape/', (_req, res) => sendText(res, ")]}'\n{\"messages\": 5}", 200, 'application/json'));
        return expectSourceError(resolveTarget(`${ctx.hostile.url}/h/gerrit-shape/c/p/+/5`, settingsFor(ctx)), 'badResponse');
      },
    },
    {
      name: 'Gerrit without the )]}\' prefix', group: 'api', expected: 'ok', coveredBy: 'test/unit/sources/zuul.test.ts', expectation: 'read like the prefixed answer',
      run: async (ctx) => {
        const resolved = await resolveTarget(`${ctx.fixture.url}/r-plain/c/${ctx.fixture.project}/+/${ctx.fixture.change}`, settingsFor(ctx));
        check(resolved.kind === 'remote' && resolved.target?.uuid === ctx.fixture.targetUuid, 'wrong build');
        return { kind: 'ok', detail: `resolved build ${resolved.target.uuid.slice(0, 7)}` };
      },
    },
    {
      name: 'both Zuul build shapes', group: 'api', expected: 'ok', coveredBy: 'test/unit/sources/zuul.test.ts', expectation: 'the Zuul >= 10 (nested ref) and pre-10 (flat) answers decode to the same build',
      run: async (ctx) => {
        const nested = await resolveTarget(`${ctx.fixture.zuulRoot}t/${ctx.fixture.tenant}/build/${ctx.fixture.targetUuid}`, settingsFor(ctx));
        const flat = await resolveTarget(`${ctx.fixture.whiteLabelRoot}build/${ctx.fixture.targetUuid}`, settingsFor(ctx));
        check(nested.kind === 'remote' && flat.kind === 'remote', 'not remote');
        const pick = (b: BuildInfo | undefined): string => JSON.stringify([b?.change, b?.patchset, b?.project, b?.branch, b?.jobName, b?.logUrl]);
        check(pick(nested.target) === pick(flat.target), `${pick(nested.target)} != ${pick(flat.target)}`);
        return { kind: 'ok', detail: pick(nested.target) };
      },
    },
    {
      name: 'unknown Gerrit URL forms', group: 'api', expected: 'ok', expectation: 'every form parses to a link or gives a badLink message; none throws anything else',
      run: async () => {
        const forms = [
          'https://review.example.org/c/foo%ZZ/+/123', 'https://review.example.org/c/p/+/99999999999999999999999', 'https://review.example.org/#/c/123/',
          'https://review.example.org/c/', 'https://review.example.org/c/+/', 'https://[::1]/c/1', 'https://review.example.org/q/status:open',
          'https://review.example.org/c/p/+/12/3..x', 'https://zuul.example.org/t/%ZZ/build/' + UUID, 'https://zuul.example.org/t/x/build/nothex',
          'https://zuul.example.org/t/x/status', 'javascript:alert(1)', 'ftp://host/x', 'https://', 'http://:80/', 'https://review.example.org/%', '  ', '\u0000',
          'https://review.example.org/c/p/+/0', 'https://review.example.org/c/p/+/-1', 'file:///%ZZ', 'https://h/c/a%2F..%2F..%2Fetc/+/1',
        ];
        const problems: string[] = [];
        let links = 0;
        for (const form of forms) {
          try {
            const link = parseLink(form);
            links++;
            if (link.kind === 'gerrit' && !(Number.isSafeInteger(link.change) && link.change > 0)) problems.push(`${form}: change ${link.change}`);
          } catch (error) {
            if (!SourceError.is(error, 'badLink') || !isClearMessage(error.message)) problems.push(`${form}: ${String(error)}`);
          }
        }
        check(problems.length === 0, problems.join('; '));
        return { kind: 'ok', detail: `${forms.length} forms: ${links} parsed, ${forms.length - links} clear badLink errors` };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP faults: the status/timeout/redirect matrix for API calls (already asserted by http.test.ts, printed here),
// and the same faults hit while downloading the files of a log tree (new).

function faultCases(): HardeningCase[] {
  const api: [string, SourceFailure][] = [
    ['/fault/status/401', 'unauthorized'], ['/fault/status/403', 'unauthorized'], ['/fault/status/404', 'notFound'],
    ['/fault/status/429', 'rateLimited'], ['/fault/status/500', 'network'], ['/fault/loop/a', 'redirectLoop'],
    ['/fault/login-redirect', 'loginRequired'], ['/fault/login-page', 'loginRequired'], ['/fault/slow/3000', 'timeout'],
    ['/fault/trickle', 'timeout'], ['/fault/reset', 'network'],
  ];
  const cases: HardeningCase[] = api.map(([route, reason]) => ({
    name: `API ${route}`, group: 'fault', expected: 'clearError', expectation: reason, coveredBy: 'test/unit/sources/http.test.ts',
    run: async (ctx) => expectSourceError(new HttpClient(FAST_HTTP).getJson(ctx.fixture.url + route), reason),
  }));
  cases.push({
    name: 'connection reset mid-body', group: 'fault', expected: 'clearError', expectation: 'network, after retries',
    run: async (ctx) => {
      ctx.hostile.route('/h/reset-mid/', (_req, res) => resetMidBody(res));
      return expectSourceError(new HttpClient(FAST_HTTP).get(`${ctx.hostile.url}/h/reset-mid/x.txt`, { purpose: 'logs' }), 'network');
    },
  });
  cases.push({
    name: 'file faults inside a log tree', group: 'fault', expected: 'ok',
    expectation: '404, 410, 500, reset mid-body, timeout, trickle and redirect loop on single files: those are listed as skipped, the rest downloaded',
    run: async (ctx) => {
      const faults: Record<string, (res: ServerResponse) => void> = {
        '404.txt': (res) => sendText(res, 'gone', 404), '410.txt': (res) => sendText(res, 'gone', 410), '500.txt': (res) => sendText(res, 'oops', 500),
        'reset.txt': resetMidBody, 'trickle.txt': trickle, 'silent.txt': () => undefined,
        'loop.txt': (res) => { res.writeHead(302, { Location: 'loop.txt' }); res.end(); },
      };
      ctx.hostile.route('/h/tree-faults/', (_req, res, rest) => {
        if (rest === 'zuul-manifest.json') return sendJson(res, { tree: [...Object.keys(faults).map((n) => file(n)), file('ok.txt')] });
        const fault = faults[rest];
        if (fault) return fault(res);
        sendText(res, 'fine\n');
      });
      const { written, skipped } = await downloadTree(ctx, 'tree-faults', `${ctx.hostile.url}/h/tree-faults/`);
      check(written.join() === 'ok.txt', `written: ${written.join()}`);
      const missing = Object.keys(faults).filter((n) => !skipped.some((s) => s.path === n && isClearMessage(s.detail ?? '')));
      check(missing.length === 0, `not skipped with a clear detail: ${missing.join(', ')}; ${JSON.stringify(skipped)}`);
      return { kind: 'ok', detail: `${skipped.length} files skipped with reasons, ok.txt downloaded` };
    },
  });
  for (const [status, reason] of [['401', 'unauthorized'], ['403', 'unauthorized'], ['429', 'rateLimited']] as const) {
    cases.push({
      name: `HTTP ${status} on a file inside a log tree`, group: 'fault', expected: 'clearError', expectation: `${reason}: stops the download (every other file would get the same answer)`,
      run: async (ctx) => {
        const root = serveManifest(ctx, `/h/tree-${status}/`, { tree: [file('ok.txt'), file('secret.txt')] });
        ctx.hostile.route(`/h/tree-${status}/secret.txt`, (_req, res) => sendText(res, 'no', Number(status)));
        return expectSourceError(downloadTree(ctx, `tree-${status}`, root, downloadOptions({ concurrency: 1 })), reason);
      },
    });
  }
  cases.push({
    name: 'SSO redirect on a file inside a log tree', group: 'fault', expected: 'clearError', expectation: 'loginRequired: stops the download',
    run: async (ctx) => {
      const root = serveManifest(ctx, '/h/tree-sso/', { tree: [file('ok.txt'), file('private.txt')] });
      ctx.hostile.route('/h/tree-sso/private.txt', (_req, res) => { res.writeHead(302, { Location: 'https://idp.example.invalid/auth/realms/x/protocol/openid-connect/auth?client_id=logs' }); res.end(); });
      return expectSourceError(downloadTree(ctx, 'tree-sso', root, downloadOptions({ concurrency: 1 })), 'loginRequired');
    },
  });
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// Cancellation at every phase, and a worker crash.

/** Names of complete-marked entries and leftover temporary folders in a cache. */
export function cacheLeftovers(cacheDir: string): { complete: string[]; temporary: string[] } {
  const builds = path.join(cacheDir, 'builds');
  const tmp = path.join(cacheDir, 'tmp');
  return {
    complete: existsSync(builds) ? readdirSync(builds).filter((k) => existsSync(path.join(builds, k, '.complete.json'))) : [],
    temporary: existsSync(tmp) ? readdirSync(tmp) : [],
  };
}

async function expectCancelledPrepare(ctx: CorpusContext, name: string, link: string, abortWhen: (phase: string, message: string) => boolean): Promise<Outcome> {
  const cacheDir = path.join(ctx.dir, 'cancel-cache', name.replace(/\W+/g, '-'));
  const controller = new AbortController();
  const started = Date.now();
  let abortedAt = 0;
  const outcome = await expectSourceError(prepareAnalysis(link, settingsFor(ctx, { cacheDir, timeoutMs: 20_000, deadlineMs: 60_000, baselineCount: 0 }), {
    signal: controller.signal,
    onProgress: (p) => {
      if (!abortedAt && abortWhen(p.phase, p.message)) {
        abortedAt = Date.now();
        setTimeout(() => controller.abort(), 150);
      }
    },
  }), 'cancelled');
  check(abortedAt > 0, 'the phase to cancel in was never reached');
  const stopMs = Date.now() - abortedAt - 150;
  check(stopMs < 2000, `stopped ${stopMs} ms after the cancel`);
  const left = cacheLeftovers(cacheDir);
  check(left.complete.length === 0 && left.temporary.length === 0, `cache leftovers: ${JSON.stringify(left)}`);
  return { kind: 'clearError', detail: `${outcome.detail} (${stopMs} ms after the cancel, ${Date.now() - started} ms in all; no cache entry)` };
}

function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** CPU time (ms) the whole process spends over `ms` of wall time: a worker still computing would show here. */
async function cpuDuring(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function writeBigJob(ctx: CorpusContext): { baseline: string; target: string } {
  const root = path.join(ctx.dir, 'cancel-job');
  if (!existsSync(root)) {
    // Many files for several read progress events, enough lines for several train and test checkpoints.
    for (let f = 0; f < 40; f++) {
      const lines = Array.from({ length: 8000 }, (_, i) => `2025-03-10 host-${f} unit-${(i * 31) % 977} request ${(i * 7919) % 100_003} took ${i % 97} ms`);
      write(ctx, `cancel-job/baseline/part-${f}.log`, `${lines.join('\n')}\n`);
      write(ctx, `cancel-job/target/part-${f}.log`, `${lines.map((l, i) => (i % 5 === 0 ? `${l} extra-${i}-${f}` : l)).join('\n')}\n`);
    }
  }
  return { baseline: path.join(root, 'baseline'), target: path.join(root, 'target') };
}

function cancelInWorker(phase: 'read' | 'train' | 'test'): HardeningCase {
  const label = { read: 'read', train: 'tokenize and index', test: 'search' }[phase];
  return {
    name: `cancel during ${label}`, group: 'cancel', expected: 'clearError',
    expectation: 'cancelled at once; the worker stops computing; the same client runs the next job; no thread left after dispose',
    run: async (ctx) => {
      const job = writeBigJob(ctx);
      const threadsBefore = threadCount();
      const client = new AnalysisClient(ctx.workerPath);
      const controller = new AbortController();
      let cancelled = false;
      try {
        const running = client.analyze({ baseline: [job.baseline], target: [job.target], options: DEFAULT_OPTIONS }, {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === phase && !cancelled) {
              cancelled = true;
              controller.abort();
            }
          },
        });
        let message = '';
        try {
          await running;
          throw new WrongOutcome(cancelled ? 'the run finished although cancelled' : `the ${phase} phase never reported progress`);
        } catch (error) {
          if (error instanceof WrongOutcome) throw error;
          check(AnalysisError.is(error) && error.data.kind === 'cancelled', `not a cancellation: ${String(error)}`);
          message = error.message;
        }
        // The grace period lets a worker that missed the flag be terminated; after it nothing may compute.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const cpuMs = await cpuDuring(500);
        check(cpuMs < 250, `the process used ${cpuMs.toFixed(0)} ms of CPU in 500 ms after the cancel: a worker is still computing`);
        const small = path.join(ctx.dir, 'local', 'after-cancel');
        write(ctx, 'local/after-cancel/b.log', BASELINE_TEXT);
        write(ctx, 'local/after-cancel/t.log', okLog());
        const next = await client.analyze({ baseline: [path.join(small, 'b.log')], target: [path.join(small, 't.log')], options: DEFAULT_OPTIONS });
        check(next.totals.anomalies > 0, 'the next job returned no anomaly');
        client.dispose();
        // Terminating a thread is asynchronous; on a loaded machine it can take a moment.
        for (let waited = 0; threadCount() > threadsBefore && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
        check(threadCount() <= threadsBefore, `threads: ${threadsBefore} before, ${threadCount()} after dispose`);
        return { kind: 'clearError', detail: `${message} (${cpuMs.toFixed(0)} ms CPU in the 500 ms after; next job ran; threads back to ${threadCount()})` };
      } finally {
        client.dispose();
      }
    },
  };
}

function cancelCases(): HardeningCase[] {
  return [
    {
      name: 'cancel during resolve', group: 'cancel', expected: 'clearError', expectation: 'cancelled while Zuul is slow to answer; nothing cached',
      run: async (ctx) => {
        ctx.hostile.route('/h/slow-zuul/', (_req, res) => void setTimeout(() => sendJson(res, { uuid: UUID, job_name: 'j', result: 'FAILURE', log_url: `${ctx.hostile.url}/h/none/` }), 5000).unref());
        return expectCancelledPrepare(ctx, 'resolve', `${ctx.hostile.url}/h/slow-zuul/t/tenant/build/${UUID}`, (phase) => phase === 'resolve');
      },
    },
    {
      name: 'cancel during download', group: 'cancel', expected: 'clearError', expectation: 'cancelled while a file trickles in; no complete-marked cache entry, no temporary folder',
      run: async (ctx) => {
        ctx.hostile.route('/h/cancel-dl/', (_req, res, rest) => {
          if (rest === 'zuul-manifest.json') return sendJson(res, { tree: [file('fast.txt'), file('slow.txt')] });
          if (rest === 'slow.txt') return trickle(res);
          if (rest === 'fast.txt') return sendText(res, 'fine\n');
          sendText(res, 'no', 404);
        });
        return expectCancelledPrepare(ctx, 'download', `${ctx.hostile.url}/h/cancel-dl/`, (phase, message) => phase === 'download' && /Downloading/.test(message));
      },
    },
    cancelInWorker('read'),
    cancelInWorker('train'),
    cancelInWorker('test'),
    {
      name: 'worker crash', group: 'cancel', expected: 'clearError', coveredBy: 'test/unit/worker/client.test.ts',
      expectation: 'an internal error naming the crash; the same client then runs a job on a fresh thread',
      run: async (ctx) => {
        const marker = path.join(ctx.dir, 'crashed-once');
        const flaky = write(ctx, 'crashing-worker.js', `const fs = require('node:fs');
if (!fs.existsSync(${JSON.stringify(marker)})) {
  fs.writeFileSync(${JSON.stringify(marker)}, 'x');
  require('node:worker_threads').parentPort.on('message', () => setTimeout(() => process.exit(7), 10));
} else require(${JSON.stringify(ctx.workerPath)});
`);
        const client = new AnalysisClient(flaky);
        const small = path.join(ctx.dir, 'local', 'crash');
        write(ctx, 'local/crash/b.log', BASELINE_TEXT);
        write(ctx, 'local/crash/t.log', okLog());
        const job = { baseline: [path.join(small, 'b.log')], target: [path.join(small, 't.log')], options: DEFAULT_OPTIONS };
        try {
          let message = '';
          try {
            await client.analyze(job);
            throw new WrongOutcome('the crash was not reported');
          } catch (error) {
            if (error instanceof WrongOutcome) throw error;
            check(AnalysisError.is(error) && error.data.kind === 'internal' && isClearMessage(error.message), `unexpected: ${String(error)}`);
            message = error.message;
          }
          const report = await client.analyze(job);
          check(report.totals.anomalies > 0, 'no anomaly after recovery');
          return { kind: 'clearError', detail: `${message}; next job ran` };
        } finally {
          client.dispose();
        }
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets: tokens from the environment (CLI) or authHeaders never appear in messages, output or the report.

export const SECRET_TOKEN = 'tok-3f9a2c71e5b84d06-SECRET';
const GERRIT_PASSWORD = 'pw-81c2e7d94a-SECRET';

/** Every form a secret could leak in: as is, base64 (Basic auth) and URL-encoded. */
export function secretForms(): string[] {
  return [SECRET_TOKEN, GERRIT_PASSWORD, Buffer.from(`dev:${GERRIT_PASSWORD}`).toString('base64'), 'SECRET'];
}

export function leakedSecret(text: string): string | undefined {
  return secretForms().find((form) => text.includes(form));
}

/** Runs the CLI bundle in a child process; asynchronous, since the servers it talks to live in this process. */
function runCli(ctx: CorpusContext, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ctx.cliPath, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: ctx.dir, XDG_CACHE_HOME: path.join(ctx.dir, 'xdg'), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function securityCases(): HardeningCase[] {
  const env = { LOG_TRIAGE_ZUUL_TOKEN: SECRET_TOKEN, LOG_TRIAGE_GERRIT_USER: 'dev', LOG_TRIAGE_GERRIT_PASSWORD: GERRIT_PASSWORD };
  return [
    {
      name: 'CLI token from env on failing servers', group: 'security', expected: 'clearError',
      expectation: 'errors (401 echoing the header, 500, reset, SSO, redirect with the token in the query) never print the token',
      run: async (ctx) => {
        // A hostile Zuul that echoes the Authorization header back in bodies, headers and redirect URLs.
        ctx.hostile.route('/h/echo/', (req, res, rest) => {
          const auth = String(req.headers.authorization ?? '');
          if (rest.includes('401')) return sendText(res, `denied for ${auth}`, 401);
          if (rest.includes('500')) return sendText(res, `crash with ${auth}`, 500);
          if (rest.includes('reset')) return resetMidBody(res);
          if (rest.includes('sso')) { res.writeHead(302, { Location: `/login?token=${encodeURIComponent(auth)}` }); return void res.end(); }
          res.writeHead(302, { Location: `/h/echo/api/x401?token=${encodeURIComponent(auth)}` });
          res.end();
        });
        const details: string[] = [];
        for (const tenant of ['t401', 't500', 'treset', 'tsso', 'tredirect']) {
          const link = `${ctx.hostile.url}/h/echo/t/${tenant}/build/${UUID}`;
          const out = await runCli(ctx, ['analyze', link, '--json', path.join(ctx.dir, `echo-${tenant}.json`)], env);
          const leak = leakedSecret(out.stdout + out.stderr);
          check(leak === undefined, `${tenant}: the secret appears in the CLI output: ${out.stderr}`);
          check(out.status === 1 && isClearMessage(out.stderr), `${tenant}: exit ${out.status}, stderr ${out.stderr}`);
          check(!existsSync(path.join(ctx.dir, `echo-${tenant}.json`)), 'a report was written for a failed run');
          details.push(`${tenant}: ${out.stderr.trim().split('\n').pop() ?? ''}`);
        }
        return { kind: 'clearError', detail: details.join(' | ').slice(0, 300) };
      },
    },
    {
      name: 'CLI token from env on a successful run', group: 'security', expected: 'ok', expectation: 'the token reaches the server but not stdout, stderr or the JSON report',
      run: async (ctx) => {
        const secured = await startFixtureServer({ name: 'sample', auth: { zuulToken: SECRET_TOKEN, gerritUser: 'dev', gerritPassword: GERRIT_PASSWORD } });
        try {
          const json = path.join(ctx.dir, 'secured-report.json');
          const out = await runCli(ctx, ['analyze', `${secured.gerritBase}/c/${secured.project}/+/${secured.change}`, '--zuul-api', secured.zuulRoot, '--tenant', secured.tenant, '--json', json, '--cache', path.join(ctx.dir, 'secured-cache')], env);
          check(out.status === 0, `exit ${out.status}: ${out.stderr}`);
          check(secured.requests.some((r) => r.authorization === `Bearer ${SECRET_TOKEN}`), 'the token was never sent');
          const report = readFileSync(json, 'utf8');
          const leak = leakedSecret(out.stdout + out.stderr + report);
          check(leak === undefined, 'the secret appears in the output or the report');
          const cacheText = walkFiles(path.join(ctx.dir, 'secured-cache')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(path.join(ctx.dir, 'secured-cache', f), 'utf8')).join('');
          check(leakedSecret(cacheText) === undefined, 'the secret appears in the cache metadata');
          return { kind: 'ok', detail: `exit 0, ${JSON.parse(report).totals.anomalies} anomalies, no secret in ${out.stdout.length + out.stderr.length + report.length} bytes of output` };
        } finally {
          await secured.close();
        }
      },
    },
    {
      name: 'credentials inside the link', group: 'security', expected: 'ok', expectation: 'user:password@ in a pasted link never reaches the output or the JSON report',
      run: async (ctx) => {
        const port = new URL(ctx.fixture.url).port;
        const link = `http://dev:${GERRIT_PASSWORD}@127.0.0.1:${port}/zuul/t/${ctx.fixture.tenant}/build/${ctx.fixture.targetUuid}`;
        const json = path.join(ctx.dir, 'userinfo-report.json');
        const out = await runCli(ctx, ['analyze', link, '--json', json, '--cache', path.join(ctx.dir, 'userinfo-cache')], {});
        const report = existsSync(json) ? readFileSync(json, 'utf8') : '';
        check(leakedSecret(out.stdout + out.stderr + report) === undefined, `the password appears in the output or the report: ${(out.stderr + report).slice(0, 300)}`);
        return { kind: 'ok', detail: `exit ${out.status}; no password in output or report` };
      },
    },
    {
      name: 'authHeaders secret in error messages', group: 'security', expected: 'clearError',
      expectation: 'no fault (401, 403, 429, 500, reset, loop, SSO, timeout, trickle) puts the header into a message or stack',
      run: async (ctx) => {
        const http = new HttpClient({ ...FAST_HTTP, attempts: 1, authHeaders: async () => ({ Authorization: `Bearer ${SECRET_TOKEN}` }) });
        const messages: string[] = [];
        for (const route of ['/fault/status/401', '/fault/status/403', '/fault/status/429', '/fault/status/500', '/fault/reset', '/fault/loop/a', '/fault/login-redirect', '/fault/slow/3000', '/fault/trickle']) {
          try {
            await http.getJson(ctx.fixture.url + route);
            throw new WrongOutcome(`${route} succeeded`);
          } catch (error) {
            if (error instanceof WrongOutcome) throw error;
            const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
            check(leakedSecret(text) === undefined, `${route}: the token leaks: ${text.slice(0, 200)}`);
            messages.push((error as Error).message);
          }
        }
        return { kind: 'clearError', detail: `${messages.length} faults, no token in any message` };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile command lines: the CLI bundle must answer exit 2 and a usage message, never a stack trace.

function cliCases(): HardeningCase[] {
  const argv: string[][] = [
    ['diff', 'a', '--target', 'b', '--threshold', 'NaN'], ['diff', 'a', '--target', 'b', '--threshold', '1e999'],
    ['diff', 'a', '--target', 'b', '--context', '-1'], ['diff', 'a', '--target', 'b', '--exclude', '(unclosed'],
    ['diff', 'a', '--target', 'b', '--max-file-size', '99999999999999999999G'], ['diff', 'a', '--target', 'b', '--max-line-length', '0'],
    ['diff', '--target'], ['diff', 'x'.repeat(100_000), '--target', 'y'], ['analyze', ''], ['analyze', 'javascript:alert(1)'],
    ['analyze', 'https://review.example.org/c/p%ZZ/+/1'], ['analyze', 'https://h/x/', '--zuul-api', 'not a url'],
    ['analyze', 'https://h/x/', '--baselines', '-3'], ['analyze', 'https://h/x/', '--tenant', 't'], ['--bogus'], ['analyze', '\u0001\u001b[31m'],
  ];
  return [{
    name: 'hostile command lines', group: 'input', expected: 'clearError', expectation: `${argv.length} bad argument lists: each exits 2 with a one-line reason, no stack trace`,
    run: async (ctx) => {
      const problems: string[] = [];
      for (const args of argv) {
        const out = await runCli(ctx, args, {});
        const reason = out.stderr.split('\n')[0] ?? '';
        if (out.status !== 2 || !isClearMessage(reason) || /log-triage: internal error|\n\s+at \S+ \(/.test(out.stderr)) problems.push(`${JSON.stringify(args).slice(0, 80)}: exit ${out.status}, ${reason.slice(0, 120)}`);
      }
      check(problems.length === 0, problems.join('; '));
      return { kind: 'clearError', detail: `${argv.length} argument lists, all exit 2 with a reason` };
    },
  }];
}

export function allCases(): HardeningCase[] {
  return [...localCases(), ...cliCases(), ...manifestCases(), ...apiCases(), ...faultCases(), ...cancelCases(), ...securityCases()];
}
