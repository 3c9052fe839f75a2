import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sourceLines, type SourceFile } from '../../../src/core/analysis';
import type { SkippedFile } from '../../../src/core/report';
import type { AnalysisProgress } from '../../../src/protocol';
import { LocalInputError, readInputs } from '../../../src/sources/localLogs';

/** xz bytes from the system `xz` tool, so the decoder is checked against the real format, not our own encoder. */
function xz(data: Buffer): Buffer {
  return execFileSync('xz', ['-c', '-0', '-T1'], { input: data });
}

function linesOf(files: readonly SourceFile[], name: string): readonly string[] | undefined {
  const file = files.find((f) => f.path === name);
  return file === undefined ? undefined : sourceLines(file);
}

describe('readInputs (local logs)', () => {
  let root: string;
  let cwd: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'log-triage-local-'));
    cwd = process.cwd();
  });

  afterEach(() => {
    process.chdir(cwd);
    rmSync(root, { recursive: true, force: true });
  });

  function write(relative: string, data: string | Buffer): string {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    return file;
  }

  function skipOf(skipped: readonly SkippedFile[], file: string): SkippedFile {
    const found = skipped.find((s) => s.path === file);
    assert.ok(found, `expected ${file} among skipped: ${JSON.stringify(skipped)}`);
    return found;
  }

  it('decodes gzip by magic bytes, whatever the name', async () => {
    write('logs/a.txt.gz', gzipSync('first\nsecond\n'));
    write('logs/plain-named.log', gzipSync('hidden gzip\n'));
    write('logs/not-really.gz', 'plain text in a .gz name\n');
    const { files, skipped } = await readInputs([path.join(root, 'logs')], 'baseline');
    assert.deepEqual(skipped, []);
    const texts = Object.fromEntries(files.map((f) => [f.path, sourceLines(f)]));
    assert.deepEqual(texts, { 'a.txt.gz': ['first', 'second'], 'not-really.gz': ['plain text in a .gz name'], 'plain-named.log': ['hidden gzip'] });
  });

  it('decodes xz (system xz tool) and concatenated gzip members', async () => {
    write('x/job-output.txt.xz', xz(Buffer.from('xz line 1\nxz line 2\n')));
    write('x/multi.gz', Buffer.concat([gzipSync('member one\n'), gzipSync('member two\n')]));
    const { files, skipped } = await readInputs([path.join(root, 'x')], 'target');
    assert.deepEqual(skipped, []);
    assert.deepEqual(linesOf(files, 'job-output.txt.xz'), ['xz line 1', 'xz line 2']);
    assert.deepEqual(linesOf(files, 'multi.gz'), ['member one', 'member two']);
  });

  it('caps decompression: a gzip bomb and an xz bomb are skipped as tooLarge without filling memory', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024, 0x61);
    write('b/bomb.gz', gzipSync(zeros));
    write('b/bomb.xz', xz(zeros));
    const before = process.memoryUsage().rss;
    const { files, skipped } = await readInputs([path.join(root, 'b')], 'target', { maxFileBytes: 1024 * 1024 });
    assert.equal(files.length, 0);
    for (const name of ['bomb.gz', 'bomb.xz']) {
      const skip = skipOf(skipped, name);
      assert.equal(skip.reason, 'tooLarge');
      assert.match(skip.detail ?? '', /decompresses to more than 1 MiB/);
    }
    // The cap stops the decoders early: nothing near the 64 MiB payload stays resident.
    assert.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024);
  });

  it('skips truncated gzip and xz with a clear unreadable reason', async () => {
    const text = Buffer.from(Array.from({ length: 2000 }, (_, i) => `line ${i} ${Math.sin(i)}`).join('\n'));
    const gz = gzipSync(text);
    const xzBytes = xz(text);
    write('t/cut.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    write('t/cut.xz', xzBytes.subarray(0, Math.floor(xzBytes.length / 2)));
    const { files, skipped } = await readInputs([path.join(root, 't')], 'baseline');
    assert.equal(files.length, 0);
    assert.equal(skipOf(skipped, 'cut.gz').reason, 'unreadable');
    assert.match(skipOf(skipped, 'cut.gz').detail ?? '', /truncated gzip/);
    assert.equal(skipOf(skipped, 'cut.xz').reason, 'unreadable');
    assert.match(skipOf(skipped, 'cut.xz').detail ?? '', /xz/);
  });

  it('skips binary files (NUL bytes, mostly control bytes, also inside gzip) but keeps ANSI-coloured logs', async () => {
    write('bin/image.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    write('bin/controls.log', Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 ? 0x01 : 0x41))));
    write('bin/packed.gz', gzipSync(Buffer.from([1, 2, 0, 3, 4])));
    write('bin/colour.log', '\x1b[31mERROR\x1b[0m something failed\r\n\x1b[32mok\x1b[0m\n');
    const { files, skipped } = await readInputs([path.join(root, 'bin')], 'target');
    assert.deepEqual(files.map((f) => f.path), ['colour.log']);
    for (const name of ['image.dat', 'controls.log', 'packed.gz']) assert.equal(skipOf(skipped, name).reason, 'binary');
    assert.match(skipOf(skipped, 'image.dat').detail ?? '', /NUL byte at offset 8/);
    assert.match(skipOf(skipped, 'packed.gz').detail ?? '', /after gzip decompression/);
  });

  it('reads a long text log with a stray NUL byte, and skips a block with many', async () => {
    const text = Array.from({ length: 600 }, (_, i) => `step ${i} finished on node-${i % 5}`).join('\n');
    write('nul/stray.log', Buffer.concat([Buffer.from('text with nul '), Buffer.from([0]), Buffer.from(` inside\n${text}\n`)]));
    // A compressed stream or an executable: a NUL every few hundred bytes.
    const packed = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i % 300 === 0 ? 0 : 0x41 + (i % 26))));
    write('nul/packed.dat', packed);
    const { files, skipped } = await readInputs([path.join(root, 'nul')], 'target');
    assert.deepEqual(files.map((f) => f.path), ['stray.log']);
    assert.equal(linesOf(files, 'stray.log')?.[0], 'text with nul \u0000 inside');
    assert.equal(linesOf(files, 'stray.log')?.length, 601);
    assert.equal(skipOf(skipped, 'packed.dat').reason, 'binary');
  });

  it('replaces invalid UTF-8 with U+FFFD and keeps the rest of the file', async () => {
    write('u/bad.log', Buffer.concat([Buffer.from('before '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' after\nnext line é\n')]));
    const { files, skipped } = await readInputs([path.join(root, 'u')], 'target');
    assert.deepEqual(skipped, []);
    assert.deepEqual(linesOf(files, 'bad.log'), ['before \uFFFD(\uFFFD after', 'next line é']);
  });

  it('splits lines on CRLF and lone CR as well as LF, in ASCII and UTF-8 files alike', async () => {
    write('c/crlf.log', 'one\r\ntwo\rthree\n');
    write('c/utf8.log', 'un\r\ndeux é\rtrois\n');
    const { files } = await readInputs([path.join(root, 'c')], 'target');
    assert.deepEqual(linesOf(files, 'crlf.log'), ['one', 'two', 'three']);
    assert.deepEqual(linesOf(files, 'utf8.log'), ['un', 'deux é', 'trois']);
  });

  it('skips empty files, and gzip that decompresses to nothing', async () => {
    write('e/empty.log', '');
    write('e/empty.log.gz', gzipSync(Buffer.alloc(0)));
    const { files, skipped } = await readInputs([path.join(root, 'e')], 'baseline');
    assert.equal(files.length, 0);
    assert.equal(skipOf(skipped, 'empty.log').reason, 'empty');
    assert.equal(skipOf(skipped, 'empty.log.gz').reason, 'empty');
  });

  it('skips symbolic links found in a folder (files and folders alike)', async () => {
    write('s/real.log', 'real\n');
    write('outside/secret.log', 'outside\n');
    symlinkSync(path.join(root, 's/real.log'), path.join(root, 's/link.log'));
    symlinkSync(path.join(root, 'outside'), path.join(root, 's/linked-dir'));
    const { files, skipped } = await readInputs([path.join(root, 's')], 'target');
    assert.deepEqual(files.map((f) => f.path), ['real.log']);
    assert.equal(skipOf(skipped, 'link.log').reason, 'symlink');
    assert.equal(skipOf(skipped, 'linked-dir').reason, 'symlink');
  });

  it('reports paths relative to a folder root, as given for a file root, with absolute localPath', async () => {
    write('job/logs/controller/syslog.txt', 'a\n');
    write('job/job-output.txt', 'b\n');
    write('single.log', 'c\n');
    process.chdir(root);
    const { files } = await readInputs(['job', 'single.log'], 'target');
    assert.deepEqual(
      files.map((f) => [f.path, f.localPath, f.modelPath]),
      [
        ['job-output.txt', path.join(root, 'job/job-output.txt'), undefined],
        ['logs/controller/syslog.txt', path.join(root, 'job/logs/controller/syslog.txt'), undefined],
        // A file named on its own is modelled by its base name, whatever folders it sits in.
        ['single.log', path.join(root, 'single.log'), 'single.log'],
      ],
    );
  });

  it('tells apart target files of one relative path in two folders, and keeps one model for them', async () => {
    write('run1/job-output.txt', 'a\n');
    write('run1/only-here.log', 'b\n');
    write('run2/job-output.txt', 'c\n');
    process.chdir(root);
    const { files } = await readInputs(['run1', 'run2/'], 'target');
    assert.deepEqual(
      files.map((f) => [f.path, f.modelPath]),
      [
        ['run1/job-output.txt', 'job-output.txt'],
        ['only-here.log', undefined],
        ['run2/job-output.txt', 'job-output.txt'],
      ],
    );
    // A prefixed path that meets another file's own path: the later one is numbered, and keeps its model.
    write('run1/run2/job-output.txt', 'd\n');
    const nested = await readInputs(['run1', 'run2'], 'target');
    assert.deepEqual(
      nested.files.map((f) => [f.path, f.modelPath, path.relative(root, f.localPath ?? '')]),
      [
        ['run1/job-output.txt', 'job-output.txt', 'run1/job-output.txt'],
        ['only-here.log', undefined, 'run1/only-here.log'],
        ['run2/job-output.txt', undefined, 'run1/run2/job-output.txt'],
        ['run2/job-output.txt (2)', 'job-output.txt', 'run2/job-output.txt'],
      ],
    );
    // A folder given twice is read once.
    const twice = await readInputs(['run2', 'run2/'], 'target');
    assert.deepEqual(twice.files.map((f) => f.path), ['job-output.txt']);
    // Baseline folders share their relative paths on purpose: that is what puts them in one model.
    const baselines = await readInputs(['run1', 'run2'], 'baseline');
    assert.deepEqual(baselines.files.map((f) => f.path), ['job-output.txt', 'only-here.log', 'run2/job-output.txt', 'job-output.txt']);
  });

  it('applies the ignore rule to folder contents only, and reports the matched rule', async () => {
    write('i/keep.log', 'keep\n');
    write('i/picture.png', 'not really a png\n');
    const ignoredBy = (p: string): string | undefined => (/\.png$/.test(p) ? '\\.png$' : undefined);
    const { files, skipped } = await readInputs([path.join(root, 'i'), path.join(root, 'i/picture.png')], 'baseline', { ignoredBy });
    assert.deepEqual(files.map((f) => f.path), ['keep.log', path.join(root, 'i/picture.png')]);
    assert.deepEqual(skipOf(skipped, 'picture.png'), { path: 'picture.png', side: 'baseline', reason: 'ignored', detail: '\\.png$' });
  });

  it('skips files over the size cap with the sizes in the detail', async () => {
    write('big/large.log', 'x'.repeat(3000) + '\n');
    write('big/small.log', 'ok\n');
    const { files, skipped } = await readInputs([path.join(root, 'big')], 'target', { maxFileBytes: 2048 });
    assert.deepEqual(files.map((f) => f.path), ['small.log']);
    const skip = skipOf(skipped, 'large.log');
    assert.equal(skip.reason, 'tooLarge');
    assert.match(skip.detail ?? '', /2\.9 KiB on disk, over the 2 KiB limit/);
  });

  it('rejects a missing root with a clear message', async () => {
    const missing = path.join(root, 'does-not-exist');
    await assert.rejects(readInputs([missing], 'baseline'), (error: unknown) => LocalInputError.is(error) && /baseline path .* does not exist/.test(error.message));
  });

  it('skips special files (a FIFO) instead of blocking on them', async () => {
    write('f/real.log', 'x\n');
    execFileSync('mkfifo', [path.join(root, 'f/pipe.log')]);
    const { files, skipped } = await readInputs([path.join(root, 'f')], 'target');
    assert.deepEqual(files.map((f) => f.path), ['real.log']);
    assert.deepEqual(skipOf(skipped, 'pipe.log'), { path: 'pipe.log', side: 'target', reason: 'unreadable', detail: 'not a regular file' });
  });

  it('skips a file it may not read with the error message', async function () {
    // root reads any file whatever its mode, so this needs an unprivileged user.
    if (process.getuid?.() === 0) this.skip();
    write('p/locked.log', 'x\n');
    chmodSync(path.join(root, 'p/locked.log'), 0o000);
    const { skipped } = await readInputs([path.join(root, 'p')], 'target');
    assert.equal(skipOf(skipped, 'locked.log').reason, 'unreadable');
    assert.match(skipOf(skipped, 'locked.log').detail ?? '', /EACCES/);
  });

  it('reports read progress and stops at a throwing checkpoint', async () => {
    for (let i = 0; i < 12; i++) write(`many/f${String(i).padStart(2, '0')}.log`, `line\n`.repeat(i + 1));
    const progress: AnalysisProgress[] = [];
    const { files } = await readInputs([path.join(root, 'many')], 'baseline', { concurrency: 3, onProgress: (p) => progress.push(p) });
    assert.equal(files.length, 12);
    assert.deepEqual(files.map((f) => f.path), [...files.map((f) => f.path)].sort());
    assert.equal(progress.length, 12);
    assert.deepEqual(progress.at(-1), { phase: 'read', files: 12, totalFiles: 12, lines: 78 });
    let calls = 0;
    await assert.rejects(
      readInputs([path.join(root, 'many')], 'baseline', {
        checkpoint: () => {
          if (++calls > 4) throw new Error('stop here');
        },
      }),
      /stop here/,
    );
  });
});
