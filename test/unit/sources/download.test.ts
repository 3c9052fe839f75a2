// Log tree download and the build cache against the real fixture server.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFixtureServer, type FixtureServer } from '../../fixtures/fixtureServer';
import { generateSampleJob } from '../../fixtures/sampleJob';
import { LogCache, clearCache, resolveInside, safeRelativePath } from '../../../src/sources/cache';
import { anchorHrefs, caseDistinctPaths, downloadFiles, downloadSingleFile, isNameProblem, listLogFiles, manifestFiles, type DownloadOptions } from '../../../src/sources/download';
import { modelNameForPath } from '../../../src/core/fileModels';
import { DEFAULT_SOURCE_SETTINGS, prepareAnalysis, type BuildInfo, type SourceSettings } from '../../../src/sources/flow';
import { isSelected } from '../../../src/sources/glob';
import { HttpClient } from '../../../src/sources/http';
import { SourceError } from '../../../src/sources/sourceError';

function walk(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`])).sort();
}

describe('sources/cache safeRelativePath', () => {
  const rejected = ['..', '.', '', '../escape.txt', 'a/../b', '/etc/passwd', '%2e%2e', '%2E%2E', '%2e%2e%2fx', 'a\\..\\b.txt', 'a\\b', 'nul\u0000.txt', 'tab\there', 'C:'];
  for (const name of rejected) {
    it(`rejects ${JSON.stringify(name)}`, () => assert.equal(safeRelativePath([name]), undefined));
  }
  it('rejects a traversal anywhere in the segments', () => assert.equal(safeRelativePath(['ok', '..', 'x']), undefined));
  it('keeps ordinary, unicode and literal %3A names', () => {
    assert.equal(safeRelativePath(['controller', 'logs', 'syslog.txt']), 'controller/logs/syslog.txt');
    assert.equal(safeRelativePath(['ᏃບບΞ-unicode.txt']), 'ᏃບບΞ-unicode.txt');
    assert.equal(safeRelativePath(['foo%3A%3A3.txt']), 'foo%3A%3A3.txt');
    assert.equal(safeRelativePath(['LNXSYSTM:00', 'test']), 'LNXSYSTM:00/test');
  });
  it('rewrites names Windows cannot hold on Windows only, keeping them distinct and their extension', () => {
    const unsafe = ['journal-12:00:00.log', 'CON.log', 'nul', 'com1.txt', 'LPT\u00b9', 'trailing.', 'trailing ', 'a"b|c?d*e<f>.txt'];
    const rewritten = unsafe.map((name) => safeRelativePath(['logs', name], 'win32') ?? '');
    for (const [index, path] of rewritten.entries()) {
      const name = path.split('/').pop() ?? '';
      assert.doesNotMatch(name, /[<>:"|?*]|[. ]$/, path);
      assert.doesNotMatch(name, /^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\.|$)/i, path);
      const extension = /\.[a-z]+$/i.exec(unsafe[index] ?? '')?.[0];
      if (extension) assert.ok(name.endsWith(extension), `${path} lost its extension`);
    }
    assert.equal(new Set(rewritten).size, unsafe.length, 'two names became one');
    assert.notEqual(safeRelativePath(['a:b.txt'], 'win32'), safeRelativePath(['a_b.txt'], 'win32'));
    assert.equal(safeRelativePath(['a:b.txt'], 'win32'), safeRelativePath(['a:b.txt'], 'win32'), 'the same name maps the same way');
    assert.equal(safeRelativePath(['controller', 'console.log'], 'win32'), 'controller/console.log', 'only whole device names');
    assert.equal(safeRelativePath(['journal-12:00:00.log'], 'linux'), 'journal-12:00:00.log', 'other systems keep the name');
  });
  it('shortens very long names, keeping them distinct and their extension', () => {
    const a = safeRelativePath([`${'x'.repeat(300)}a.txt`]) ?? '';
    const b = safeRelativePath([`${'x'.repeat(300)}b.txt`]) ?? '';
    assert.ok(Buffer.byteLength(a) <= 200 && a.endsWith('.txt'));
    assert.notEqual(a, b);
  });
});

describe('sources/glob', () => {
  it('matches ** across folders, * within one, bare names at any depth, {a,b}', () => {
    assert.ok(isSelected('controller/logs/syslog.txt', ['**/*.txt'], []));
    assert.ok(isSelected('job-output.txt', ['**/*.txt'], []));
    assert.ok(!isSelected('controller/logs/syslog.txt', ['controller/*.txt'], []));
    assert.ok(isSelected('controller/logs/syslog.txt', [], ['zuul-info/**']));
    assert.ok(!isSelected('zuul-info/inventory.yaml', [], ['zuul-info/**']));
    assert.ok(!isSelected('a/b/ara-report.html', [], ['ara-report.html']));
    assert.ok(isSelected('x/screen-n-cpu.txt', ['screen-{n-cpu,n-api}.txt'], []));
    assert.ok(!isSelected('x/screen-c-vol.txt', ['screen-{n-cpu,n-api}.txt'], []));
  });
});

describe('sources/download against the fixture server', () => {
  let server: FixtureServer;
  let tmp: string;
  const http = new HttpClient({ timeoutMs: 2000, attempts: 2, retryDelayMs: 10 });
  const options: DownloadOptions = { include: [], exclude: [], concurrency: 4, maxFileBytes: 4 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };
  before(async () => {
    server = await startFixtureServer('sample');
  });
  after(async () => server.close());
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lt-dl-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('downloads a manifest tree: raw .gz decoded and renamed, Content-Encoding gzip undone, same text as generated', async () => {
    const logUrl = `${server.url}/logs/${server.targetUuid}/`;
    const listing = await listLogFiles(http, logUrl, options);
    assert.equal(listing.from, 'manifest');
    const result = await downloadFiles(http, listing, tmp, options);
    const sample = generateSampleJob(1, 3);
    assert.deepEqual(walk(tmp), Object.keys(sample.failed.files).sort());
    for (const [rel, text] of Object.entries(sample.failed.files)) {
      // The server rewrites inventory.yaml with its own build uuid and change URL.
      if (rel !== 'zuul-info/inventory.yaml') assert.equal(readFileSync(path.join(tmp, rel), 'utf8'), text, rel);
    }
    assert.match(readFileSync(path.join(tmp, 'zuul-info/inventory.yaml'), 'utf8'), new RegExp(`build: ${server.targetUuid}`));
    assert.equal(result.files.find((f) => f.path === 'controller/logs/syslog.txt')?.url, `${logUrl}controller/logs/syslog.txt.gz`);
  });

  it('decodes an xz file by its magic bytes', async function () {
    const uuid = server.expectedBaselines[1] ?? '';
    const tree = server.trees.get(uuid);
    if (!tree?.has('controller/logs/screen-n-cpu.txt.xz')) this.skip(); // No xz tool on this machine to make the fixture.
    await downloadFiles(http, await listLogFiles(http, `${server.url}/logs/${uuid}/`, options), tmp, options);
    assert.equal(readFileSync(path.join(tmp, 'controller/logs/screen-n-cpu.txt'), 'utf8'), generateSampleJob(1, 3).passing[1]?.files['controller/logs/screen-n-cpu.txt']);
  });

  it('lists a log folder pasted with a query or fragment from the folder alone', async () => {
    const plain = await listLogFiles(http, `${server.url}/logs/${server.targetUuid}/`, options);
    const pasted = await listLogFiles(http, `${server.url}/logs/${server.targetUuid}/?tab=logs#top`, options);
    assert.ok(plain.files.length > 0);
    assert.deepEqual(pasted.files, plain.files);
  });

  it('honours include and exclude globs', async () => {
    const listing = await listLogFiles(http, `${server.url}/logs/${server.targetUuid}/`, options);
    await downloadFiles(http, listing, tmp, { ...options, include: ['controller/**', 'job-output.txt'], exclude: ['**/syslog.txt.gz'] });
    assert.deepEqual(walk(tmp), ['controller/logs/screen-n-cpu.txt', 'job-output.txt']);
  });

  it('the shared manifest fixture tree: unicode and %3A names, empty .gz/.xz, svg skipped as binary', async () => {
    const listing = await listLogFiles(http, `${server.url}/shared-tree/`, options);
    const result = await downloadFiles(http, listing, tmp, options);
    const files = walk(tmp);
    assert.ok(files.includes('controller/subdir/foo%3A%3A3.txt'), files.join(','));
    assert.ok(files.includes('%E1%8F%83%E0%BA%9A%E0%BA%9A%CE%BE-unicode.txt'));
    assert.ok(files.includes('controller/journal') && files.includes('controller/compressed'));
    assert.ok(result.skipped.some((s) => s.path === 'controller/cpu-load.svg' && s.reason === 'binary'));
    assert.equal(readFileSync(path.join(tmp, 'controller/subdir/foo%3A%3A3.txt'), 'utf8'), readFileSync('../shared/data/zuul/zuul-jobs-manifest-fixture/logs-upload-base/controller/subdir/foo%3A%3A3.txt', 'utf8'));
  });

  it('keeps two logs whose names differ only by case apart where the file system ignores case', async () => {
    const logs = `${server.url}/logs/${server.targetUuid}/`;
    const listing = {
      from: 'manifest' as const,
      skipped: [],
      files: [
        { path: 'logs/foo.log', url: `${logs}job-output.txt` },
        { path: 'logs/Foo.log', url: `${logs}controller/logs/screen-n-cpu.txt` },
        // A compressed log that would be stored, decoded, under a name another file holds but for case.
        { path: 'logs/Sys.txt.gz', url: `${logs}controller/logs/syslog.txt.gz` },
        { path: 'logs/sys.txt', url: `${logs}zuul-info/zuul-info.controller.txt` },
        // A log server's `.log.txt`, and a name the renaming would give if it did not look first.
        { path: 'logs/server.log.txt', url: `${logs}zuul-info/inventory.yaml` },
        { path: 'logs/SERVER.log.txt', url: `${logs}controller/logs/syslog.txt.gz?2` },
      ],
    };
    const sample = generateSampleJob(1, 3).failed.files;
    const stored = async (platform: NodeJS.Platform) => {
      const dir = path.join(tmp, platform);
      const result = await downloadFiles(http, listing, dir, { ...options, platform });
      return { dir, byUrl: new Map(result.files.map((file) => [(file.url ?? '').slice(logs.length), file.path])) };
    };
    for (const platform of ['darwin', 'win32'] as const) {
      const { dir, byUrl } = await stored(platform);
      const names = [...byUrl.values()];
      assert.equal(new Set(names.map((name) => name.toLowerCase())).size, 6, `${platform}: ${names.join(', ')}`);
      const server = byUrl.get('zuul-info/inventory.yaml') ?? '';
      assert.match(server, /^logs\/server-[0-9]{8}\.log\.txt$/);
      assert.equal(modelNameForPath(server), modelNameForPath('logs/server.log.txt'), `${server} keeps its model`);
      assert.equal(byUrl.get('controller/logs/screen-n-cpu.txt'), 'logs/Foo.log', 'the first name in code-point order is kept');
      assert.match(byUrl.get('job-output.txt') ?? '', /^logs\/foo-[0-9]{8}\.log$/);
      // The number is what file-model naming drops: the renamed log still meets a baseline's foo.log.
      assert.equal(modelNameForPath(byUrl.get('job-output.txt') ?? ''), modelNameForPath('logs/foo.log'));
      assert.equal(byUrl.get('zuul-info/zuul-info.controller.txt'), 'logs/sys.txt');
      assert.equal(byUrl.get('controller/logs/syslog.txt.gz'), 'logs/Sys.txt.gz', 'not decoded into the name sys.txt holds');
      // Each stored file holds its own log (read back on this system, which tells case apart).
      for (const [url, name] of byUrl) {
        const expected = sample[url.replace(/\.gz$/, '')];
        // (The server rewrites inventory.yaml with its own build uuid.)
        if (expected !== undefined && url !== 'zuul-info/inventory.yaml') assert.equal(readFileSync(path.join(dir, name), 'utf8'), expected, `${platform}: ${name}`);
      }
      const again = await stored(platform);
      assert.deepEqual([...again.byUrl.values()].sort(), names.sort(), 'the same names are stored the same way every time');
    }
    const linux = await stored('linux');
    assert.deepEqual([...linux.byUrl.values()].sort(), ['logs/Foo.log', 'logs/SERVER.log.txt', 'logs/Sys.txt', 'logs/foo.log', 'logs/server.log.txt', 'logs/sys.txt']);
  });

  it('gives folders that differ only by case one spelling where case is ignored, and never decodes two logs into one name', async () => {
    const logs = `${server.url}/logs/${server.targetUuid}/`;
    const listing = {
      from: 'manifest' as const,
      skipped: [],
      files: [
        { path: 'Controller/a.log', url: `${logs}job-output.txt` },
        { path: 'controller/b.log', url: `${logs}controller/logs/screen-n-cpu.txt` },
        // Both would be stored as d/sys.txt once decoded, on any system.
        { path: 'd/sys.txt.gz', url: `${logs}controller/logs/syslog.txt.gz` },
        { path: 'd/sys.txt.GZ', url: `${logs}controller/logs/syslog.txt.gz` },
      ],
    };
    for (const platform of ['darwin', 'linux'] as const) {
      const dir = path.join(tmp, platform);
      const result = await downloadFiles(http, listing, dir, { ...options, platform });
      const names = result.files.map((file) => file.path).sort();
      assert.equal(new Set(names).size, 4, `${platform}: ${names.join(', ')}`);
      // Linux keeps the second name as it is (compressed); macOS renames it, so both are decoded, apart.
      const second = platform === 'darwin' ? /^d\/sys-[0-9]{8}\.txt$/ : /^d\/sys\.txt\.gz$/;
      assert.ok(names.includes('d/sys.txt') && names.some((name) => second.test(name)), `${platform}: ${names.join(', ')}`);
      if (platform === 'darwin') assert.deepEqual(names.filter((name) => name.endsWith('.log')), ['Controller/a.log', 'Controller/b.log']);
      else assert.deepEqual(names.filter((name) => name.endsWith('.log')), ['Controller/a.log', 'controller/b.log']);
      assert.deepEqual(walk(dir).sort(), names, `${platform}: the tree on disk holds what the cache lists`);
    }
  });

  it('on macOS tells apart names that differ only by their Unicode composition, which it takes for one file', async () => {
    const composed = 'logs/caf\u00e9.log';
    const decomposed = 'logs/cafe\u0301.log';
    const paths = caseDistinctPaths([composed, decomposed], 'darwin');
    // The first in code-point order (the decomposed one) keeps its name; the other gets a number.
    assert.equal(paths.get(decomposed), decomposed);
    assert.match(paths.get(composed) ?? '', /^logs\/caf\u00e9-[0-9]{8}\.log$/);
    // Elsewhere, and on Windows (which keeps both), both keep their names.
    for (const platform of ['linux', 'win32'] as const) {
      const kept = caseDistinctPaths([composed, decomposed], platform);
      assert.deepEqual([kept.get(composed), kept.get(decomposed)], [composed, decomposed]);
    }
  });

  it('a tree with files that failed for a passing reason serves this run and is downloaded again by the next', async () => {
    const cache = new LogCache(path.join(tmp, 'cache'), 1 << 30);
    // Answers 500 on its first two requests (the client tries twice), then a body.
    const listing = {
      from: 'single' as const,
      skipped: [],
      files: [
        { path: 'ok.txt', url: `${server.url}/logs/${server.targetUuid}/job-output.txt` },
        { path: 'flaky.txt', url: `${server.url}/fault/flaky/incomplete-tree/2` },
      ],
    };
    const fill = (dir: string) => downloadFiles(http, listing, dir, options);
    const first = await cache.store('tree', 'u', 'fp', new Set(), fill);
    assert.equal(first.meta.incomplete, true);
    assert.deepEqual(first.meta.files.map((f) => f.path), ['ok.txt']);
    assert.ok(first.meta.skipped.some((skip) => skip.path === 'flaky.txt' && /500/.test(skip.detail ?? '')));
    assert.equal(await cache.lookup('tree', 'fp'), undefined, 'an online run downloads it again');
    assert.ok(await cache.lookup('tree', 'fp', { acceptIncomplete: true }), 'an offline fallback still has it');
    const second = await cache.store('tree', 'u', 'fp', new Set(), fill);
    assert.equal(second.meta.incomplete, undefined);
    assert.deepEqual(second.meta.files.map((f) => f.path), ['flaky.txt', 'ok.txt']);
    assert.ok(await cache.lookup('tree', 'fp'));
    // A file that is really not there (404) is no reason to download again.
    const missing = await cache.store('gone', 'u', 'fp', new Set(), (dir) => downloadFiles(http, { ...listing, files: [{ path: 'gone.txt', url: `${server.url}/logs/${server.targetUuid}/no-such-file.txt` }] }, dir, options));
    assert.equal(missing.meta.incomplete, undefined);
    assert.ok(await cache.lookup('gone', 'fp'));
  });

  it('refuses manifest names that would escape the folder, and writes nothing outside it', async () => {
    const listing = await listLogFiles(http, `${server.url}/fault/evil/`, options);
    const result = await downloadFiles(http, listing, tmp, options);
    const files = walk(tmp);
    assert.ok(files.includes('ok.txt'));
    assert.ok(files.some((f) => f.endsWith('.txt') && f.startsWith('xxx') && Buffer.byteLength(f) <= 200), 'long name rewritten');
    assert.equal(files.length, 2, files.join(','));
    assert.equal(result.skipped.filter((s) => /unsafe/.test(s.detail ?? '')).length, 7);
    assert.ok(!existsSync(path.join(tmp, '..', 'escape.txt')) && !existsSync(path.join(tmp, '..', 'escape-dir.txt')));
  });

  it('caps a gzip bomb (raw .gz and Content-Encoding) without writing it', async () => {
    const small = { ...options, maxFileBytes: 1024 * 1024 };
    const listing = await listLogFiles(http, `${server.url}/fault/bomb/`, small);
    const result = await downloadFiles(http, listing, tmp, small);
    assert.deepEqual(walk(tmp), ['ok.txt']);
    assert.ok(result.skipped.some((s) => s.path === 'bomb.txt.gz' && s.reason === 'tooLarge'));
    const ce = await downloadFiles(http, { files: [{ path: 'ce-bomb.txt', url: `${server.url}/fault/bomb/ce-bomb.txt` }], skipped: [], from: 'manifest' }, tmp, small);
    assert.ok(ce.skipped.some((s) => s.path === 'ce-bomb.txt' && s.reason === 'tooLarge'));
  });

  it('takes only a problem with a file\'s name for a skip; any other storing error fails the download', () => {
    const failure = (code: string): Error => Object.assign(new Error(code), { code });
    for (const code of ['EEXIST', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EINVAL']) assert.equal(isNameProblem(failure(code)), true, code);
    const refusal = ((): unknown => {
      try {
        return resolveInside(os.tmpdir(), '../escape');
      } catch (error) {
        return error;
      }
    })();
    assert.equal(isNameProblem(refusal), true, 'the cache\'s refusal to write outside itself');
    // A full disk, a read-only one, too many open files, an I/O error: the tree must not be cached as complete.
    for (const code of ['ENOSPC', 'EROFS', 'EACCES', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY']) assert.equal(isNameProblem(failure(code)), false, code);
    assert.equal(isNameProblem(new Error('something else')), false);
  });

  it('counts the total cap in decompressed bytes: small gzips that unpack big stop the download', async () => {
    // Each bomb is about 48 KB on the wire and 48 MiB once decoded; the total cap is 2 MB.
    const capped = { ...options, maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };
    const bomb = `${server.url}/fault/bomb/bomb.txt.gz`;
    const listing = { files: [1, 2, 3].map((n) => ({ path: `part-${n}.txt.gz`, url: bomb })), skipped: [], from: 'manifest' as const };
    const result = await downloadFiles(http, listing, tmp, capped);
    assert.deepEqual(result.files, []);
    assert.deepEqual(walk(tmp), []);
    assert.equal(result.skipped.filter((s) => /total cap \(decompressed\)/.test(s.detail ?? '')).length, 3);
  });

  it('keeps a hostile name that only its decoding would make unsafe, and skips names the disk cannot hold', async () => {
    const evil = `${server.url}/fault/evil/ok.txt`;
    const listing = {
      files: [
        // Decoded, `...gz` would be stored as `..`, and `x..gz` as `x.`, which Windows stores as `x`: they keep
        // their suffix.
        { path: '...gz', url: `${server.url}/fault/bomb/bomb.txt.gz` },
        { path: 'x..gz', url: `${server.url}/logs/${server.targetUuid}/controller/logs/syslog.txt.gz` },
        // Deeper than any file system's path limit.
        { path: Array.from({ length: 25 }, (_, i) => `${String(i).repeat(200)}`).join('/'), url: evil },
        { path: 'ok.txt', url: evil },
      ],
      skipped: [],
      from: 'manifest' as const,
    };
    const result = await downloadFiles(http, listing, tmp, { ...options, maxFileBytes: 64 * 1024 * 1024 });
    assert.deepEqual(result.files.map((f) => f.path).sort(), ['...gz', 'ok.txt', 'x..gz']);
    assert.ok(result.skipped.some((s) => s.path.startsWith('000') && /could not be stored under its name in the log tree \(ENAMETOOLONG\)/.test(s.detail ?? '')), JSON.stringify(result.skipped));
    assert.ok(!existsSync(path.join(tmp, '..', 'ok.txt')));
  });

  it('crawls index pages when there is no manifest, staying under the base and skipping etc/', async () => {
    const listing = await listLogFiles(http, `${server.url}/fault/nomanifest/`, options);
    assert.equal(listing.from, 'crawl');
    assert.deepEqual(listing.files.map((f) => f.path).sort(), ['job-output.txt', 'logs/a.txt', 'logs/deep/b.txt']);
    const capped = await listLogFiles(http, `${server.url}/fault/nomanifest/`, { ...options, maxCrawlRequests: 1 });
    assert.deepEqual(capped.files.map((f) => f.path), ['job-output.txt']);
    assert.ok(capped.skipped.some((s) => /crawl stopped/.test(s.detail ?? '')));
  });

  it('reads the links of an index page, and a hostile page does not freeze the event loop', async () => {
    assert.deepEqual(anchorHrefs('<a href="x/">x</a> <A  class="y" HREF="./b.txt">b</a><a name="top"> <a href="../">'), ['x/', 'b.txt', '../']);
    assert.deepEqual(anchorHrefs('<a href="ok.txt">ok</a><a href="never.txt"'), ['ok.txt'], 'an unclosed tag ends the listing');
    // Every page of this tree is 1 MiB of unclosed `<a `, on which a backtracking pattern spent minutes.
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, performance.now() - last);
      last = performance.now();
    }, 10);
    try {
      const listing = await listLogFiles(http, `${server.url}/fault/hostile-html/anchors/`, options);
      assert.deepEqual(listing.files, []);
    } finally {
      clearInterval(ticker);
    }
    assert.ok(longestGap < 2000, `the event loop stalled for ${Math.round(longestGap)} ms`);
  });

  it('downloads a file link whose name holds a bare % (no valid escape), under that name', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'lt-percent-'));
    const tree = await downloadSingleFile(http, `${server.url}/fault/text/coverage-100%.txt`, tmp, options);
    assert.deepEqual(tree.files.map((f) => f.path), ['coverage-100%.txt']);
    assert.equal(readFileSync(path.join(tmp, 'coverage-100%.txt'), 'utf8'), 'ERROR one line\n');
  });

  it('counts every file as done in its progress, those left out by the total cap too', async () => {
    const listing = await listLogFiles(http, `${server.url}/logs/${server.targetUuid}/`, options);
    assert.ok(listing.files.length > 3);
    let last = { files: -1, totalFiles: 0 };
    const result = await downloadFiles(http, listing, mkdtempSync(path.join(os.tmpdir(), 'lt-cap-')), {
      ...options, concurrency: 1, maxTotalBytes: 2048, onProgress: (progress) => (last = progress),
    });
    assert.ok(result.skipped.some((skip) => /total cap/.test(skip.detail ?? '')), JSON.stringify(result.skipped));
    assert.equal(last.files, last.totalFiles);
    assert.equal(last.totalFiles, listing.files.length);
  });

  it('manifestFiles percent-encodes each segment in URLs', () => {
    const { files } = manifestFiles(JSON.parse(readFileSync('../shared/data/zuul/zuul-api-examples/zuul-manifest_logjuicer_test.json', 'utf8')), 'https://l/x/');
    assert.deepEqual(files.map((f) => f.url), ['https://l/x/zuul-info/host-info.controller.yaml', 'https://l/x/job-output.txt', 'https://l/x/LNXSYSTM%3A00/test']);
  });
});

describe('sources/flow prepareAnalysis and the cache', () => {
  let server: FixtureServer;
  let cacheDir: string;
  let settings: SourceSettings;
  before(async () => {
    server = await startFixtureServer('sample');
  });
  after(async () => server.close());
  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lt-cache-'));
    settings = { ...DEFAULT_SOURCE_SETTINGS, cacheDir, timeoutMs: 2000, attempts: 1 };
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  const logRequests = (from: number): string[] => server.requests.slice(from).filter((r) => r.path.startsWith('/logs/')).map((r) => `${r.method} ${r.path}`);

  it('chooses the scored baselines (skipping the expired one and the same change) and reuses the cache on a second run', async () => {
    const link = `${server.zuulRoot}t/openstack/build/${server.targetUuid}`;
    const progress: string[] = [];
    const first = await prepareAnalysis(link, settings, { onProgress: (p) => progress.push(p.phase) });
    assert.deepEqual(first.baselineBuilds?.map((b) => b.uuid), server.expectedBaselines);
    assert.equal(first.baselines.length, 3);
    assert.ok(progress.includes('resolve') && progress.includes('download'));
    assert.ok(server.requests.some((r) => r.method === 'HEAD' && r.path.startsWith('/logs/expired/')));
    const mark = server.requests.length;
    const second = await prepareAnalysis(link, settings);
    assert.deepEqual(second.baselines, first.baselines);
    assert.equal(second.target, first.target);
    // HEAD checks of baseline candidates still run; no log file is downloaded again.
    assert.deepEqual(logRequests(mark).filter((r) => r.startsWith('GET')), []);
  });

  it('leaves out a baseline whose logs cannot be fetched, with a note, and analyses with the others', async () => {
    const own = await startFixtureServer('sample');
    try {
      const broken = own.expectedBaselines[1] ?? '';
      // Its log root still answers HEAD (so it is chosen), but no GET under it succeeds.
      own.failingTrees.add(broken);
      const prepared = await prepareAnalysis(`${own.zuulRoot}t/openstack/build/${own.targetUuid}`, settings);
      assert.deepEqual(prepared.baselineBuilds?.map((b) => b.uuid), own.expectedBaselines.filter((uuid) => uuid !== broken));
      assert.equal(prepared.baselines.length, own.expectedBaselines.length - 1);
      assert.equal(prepared.source.baselines?.length, own.expectedBaselines.length - 1);
      assert.equal(prepared.cacheKeys?.length, own.expectedBaselines.length);
      assert.ok(prepared.notes?.some((note) => note.startsWith(`Baseline ${own.jobName} build ${broken.slice(0, 7)} was left out: `)), JSON.stringify(prepared.notes));
      // The target's own logs still cannot be left out.
      own.failingTrees.add(own.targetUuid);
      await assert.rejects(prepareAnalysis(`${own.zuulRoot}t/openstack/build/${own.targetUuid}`, { ...settings, cacheDir: path.join(cacheDir, 'target') }));
    } finally {
      await own.close();
    }
  });

  it('analyses a link again from the cache when the servers cannot be reached, and says so', async () => {
    const own = await startFixtureServer('sample');
    const link = `${own.zuulRoot}t/openstack/build/${own.targetUuid}`;
    let closed = false;
    try {
      const first = await prepareAnalysis(link, settings);
      await own.close();
      closed = true;
      const offline = await prepareAnalysis(link, settings);
      assert.equal(offline.target, first.target);
      assert.deepEqual(offline.baselines, first.baselines);
      assert.deepEqual(offline.source, first.source);
      assert.ok(offline.notes?.some((note) => /^Offline: .*connection failed/.test(note)), JSON.stringify(offline.notes));
      // A link never analysed before still fails with the network error.
      await assert.rejects(prepareAnalysis(`${own.zuulRoot}t/openstack/build/${"0".repeat(32)}`, settings), (e: unknown) => SourceError.is(e, 'network'));
      // Nor for another Zuul or another number of baselines: that is not the analysis that was asked for.
      await assert.rejects(prepareAnalysis(link, { ...settings, zuulOverride: { url: 'http://127.0.0.1:1/', tenant: 'openstack' } }), (e: unknown) => SourceError.is(e, 'network'));
      await assert.rejects(prepareAnalysis(link, { ...settings, baselineCount: 1 }), (e: unknown) => SourceError.is(e, 'network'));
      // Nor is a plan used once one of its cache entries is gone.
      rmSync(path.join(cacheDir, 'builds'), { recursive: true, force: true });
      await assert.rejects(prepareAnalysis(link, settings), (e: unknown) => SourceError.is(e, 'network'));
    } finally {
      if (!closed) await own.close();
    }
  });

  it('keeps the plan of a good run: paths are absolute, and a run without baselines does not replace it', async () => {
    const own = await startFixtureServer('sample');
    const link = `${own.zuulRoot}t/openstack/build/${own.targetUuid}`;
    let closed = false;
    try {
      // A cache folder given relative to the working folder, as `--cache cache` is.
      const relative = { ...settings, cacheDir: path.relative(process.cwd(), cacheDir) };
      const first = await prepareAnalysis(link, relative);
      assert.ok([first.target, ...first.baselines].every((file) => path.isAbsolute(file)), JSON.stringify([first.target, ...first.baselines]));
      const none = await prepareAnalysis(link, { ...relative, baselineCount: 0 });
      assert.deepEqual(none.baselines, []);
      await own.close();
      closed = true;
      const offline = await prepareAnalysis(link, settings);
      assert.deepEqual(offline.baselines, first.baselines);
    } finally {
      if (!closed) await own.close();
    }
  });

  it('replays a change only for the failed job asked for', async () => {
    const own = await startFixtureServer('sample');
    const link = `${own.gerritBase}/c/${own.project}/+/${own.change}`;
    const onZuul = { ...settings, zuulOverride: { url: own.zuulRoot, tenant: own.tenant } };
    const byName = (job: string) => ({ job, pickBuild: async (builds: readonly BuildInfo[]) => builds.find((build) => build.jobName === job) });
    let closed = false;
    try {
      const voting = await prepareAnalysis(link, onZuul, byName(own.jobName));
      const nonVoting = await prepareAnalysis(link, onZuul, byName(`${own.jobName}-nv`));
      assert.equal(nonVoting.targetBuild?.jobName, `${own.jobName}-nv`);
      await own.close();
      closed = true;
      // The job analysed last does not stand in for the other one.
      const again = await prepareAnalysis(link, onZuul, byName(own.jobName));
      assert.equal(again.targetBuild?.jobName, own.jobName);
      assert.equal(again.target, voting.target);
      assert.ok(again.notes?.some((note) => note.includes(`the logs of ${own.jobName} downloaded`)), JSON.stringify(again.notes));
      await assert.rejects(prepareAnalysis(link, onZuul, byName('some-other-job')), (e: unknown) => SourceError.is(e, 'network'));
    } finally {
      if (!closed) await own.close();
    }
  });

  it('cancellation mid-download leaves no complete-marked cache entry', async () => {
    const controller = new AbortController();
    let downloads = 0;
    await assert.rejects(
      prepareAnalysis(`${server.zuulRoot}t/openstack/build/${server.targetUuid}`, settings, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'download' && p.files > 0 && ++downloads === 1) controller.abort();
        },
      }),
      (e: unknown) => SourceError.is(e, 'cancelled'),
    );
    const builds = path.join(cacheDir, 'builds');
    const complete = existsSync(builds) ? readdirSync(builds).filter((k) => existsSync(path.join(builds, k, '.complete.json'))) : [];
    assert.deepEqual(complete, []);
    assert.deepEqual(existsSync(path.join(cacheDir, 'tmp')) ? readdirSync(path.join(cacheDir, 'tmp')) : [], []);
    // The next run downloads everything and completes.
    const again = await prepareAnalysis(`${server.zuulRoot}t/openstack/build/${server.targetUuid}`, settings);
    assert.equal(again.baselines.length, 3);
  });

  it('keeps a complete entry another process stored meanwhile instead of deleting it under its reader', async () => {
    const cache = new LogCache(cacheDir, 1 << 20);
    const write = (text: string) => async (dir: string) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(dir, 'f.txt'), text);
      return { files: [{ path: 'f.txt', bytes: text.length }], skipped: [] };
    };
    const first = await cache.store('k', 'u', 'fp', new Set(), write('first'));
    // A second writer that missed the entry when it looked (it was not there yet) finishes later.
    const second = await cache.store('k', 'u', 'fp', new Set(), write('second'));
    assert.equal(second.dir, first.dir);
    assert.equal(readFileSync(path.join(first.dir, 'f.txt'), 'utf8'), 'first');
    // Other settings replace it.
    const other = await cache.store('k', 'u', 'fp2', new Set(), write('other'));
    assert.equal(readFileSync(path.join(other.dir, 'f.txt'), 'utf8'), 'other');
    assert.deepEqual(readdirSync(path.join(cacheDir, 'tmp')), [], 'no copy is left behind');
  });

  it('hands every one of several simultaneous writers of an entry a complete copy that stays', async () => {
    // Runs of the same link at once (two windows, the CLI, parallel CI jobs) share the cache; each store lists the
    // cache to evict what is over its cap.
    for (let round = 0; round < 15; round += 1) {
      const root = path.join(cacheDir, `race-${round}`);
      const caches = Array.from({ length: 6 }, () => new LogCache(root, 1 << 20));
      const write = (text: string) => async (dir: string) => {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(path.join(dir, 'f.txt'), text);
        return { files: [{ path: 'f.txt', bytes: text.length }], skipped: [] };
      };
      // An entry of older settings is there first, to be replaced.
      await caches[0]!.store('k', 'u', 'old-settings', new Set(), write('old'));
      // Each writer reads the entry it was handed for as long as the others are still storing: it must not vanish.
      let storing = caches.length;
      const vanished: string[] = [];
      const texts = await Promise.all(
        caches.map(async (cache, index) => {
          const entry = await cache.store('k', 'u', 'fp', new Set(), write(`copy ${index}`));
          storing -= 1;
          const text = readFileSync(path.join(entry.dir, 'f.txt'), 'utf8');
          while (storing > 0) {
            if (!existsSync(path.join(entry.dir, 'f.txt'))) vanished.push(`writer ${index}`);
            await new Promise((resolve) => setImmediate(resolve));
          }
          return text;
        }),
      );
      await caches[0]!.store('k2', 'u', 'fp', new Set(), write('other'));
      assert.deepEqual(vanished, [], `round ${round}`);
      assert.equal(new Set(texts).size, 1, `round ${round}: ${texts.join(', ')}`);
      assert.match(texts[0] ?? '', /^copy \d$/);
      assert.deepEqual(readdirSync(path.join(root, 'builds')).sort(), ['k', 'k2'], 'no lock or debris is left');
    }
  });

  describe('eviction and the key lock, with another process acting at the worst moment', () => {
    const fill = (text: string) => async (dir: string) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(dir, 'f.txt'), text);
      return { files: [{ path: 'f.txt', bytes: 100 }], skipped: [] };
    };
    /** A cache whose next listing lets `meanwhile` run between the listing and the eviction it leads to. */
    function listingThen(cache: LogCache, meanwhile: () => Promise<void>): void {
      const list = cache.list.bind(cache);
      cache.list = async () => {
        const listed = await list();
        await meanwhile();
        return listed;
      };
    }
    /** A cache over its cap once `k2` joins the older `k` (stored with `fingerprint`): its next eviction takes `k`. */
    async function cacheAboutToEvict(root: string, fingerprint: string, text: string): Promise<LogCache> {
      const evicting = new LogCache(root, 150);
      await evicting.store('k', 'u', fingerprint, new Set(), fill(text));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await evicting.store('k2', 'u', 'fp', new Set(['k']), fill('other'));
      return evicting;
    }

    it('keeps an entry another run stored afresh after the eviction listed it', async () => {
      const root = path.join(cacheDir, 'evict-replaced');
      const evicting = await cacheAboutToEvict(root, 'old', 'old');
      let fresh: { dir: string } | undefined;
      listingThen(evicting, async () => {
        fresh = await new LogCache(root, 1 << 30).store('k', 'u', 'new', new Set(), fill('new'));
      });
      await evicting.evict(new Set(['k2']));
      assert.equal(readFileSync(path.join(fresh!.dir, 'f.txt'), 'utf8'), 'new');
    });

    it('keeps an entry another run looked up after the eviction listed it', async () => {
      const root = path.join(cacheDir, 'evict-looked-up');
      const evicting = await cacheAboutToEvict(root, 'fp', 'x');
      let looked: { dir: string } | undefined;
      listingThen(evicting, async () => {
        looked = await new LogCache(root, 1 << 30).lookup('k', 'fp');
      });
      await evicting.evict(new Set(['k2']));
      assert.equal(readFileSync(path.join(looked!.dir, 'f.txt'), 'utf8'), 'x');
    });

    it('lets one of two waiters break a lock left by a crashed process', async () => {
      const root = path.join(cacheDir, 'stale-lock');
      const lock = path.join(root, 'builds', 'k.lock');
      mkdirSync(lock, { recursive: true });
      const old = new Date(Date.now() - 60_000);
      utimesSync(lock, old, old);
      // Both waiters find the lock stale; the second looks a little later, when the first may hold a fresh one.
      const { promises } = await import('node:fs');
      const stat = promises.stat;
      let looks = 0;
      promises.stat = (async (...args: Parameters<typeof stat>) => {
        const info = await stat(...args);
        if (String(args[0]).endsWith('k.lock')) await new Promise((resolve) => setTimeout(resolve, 30 * ++looks));
        return info;
      }) as typeof stat;
      let inside = 0;
      let most = 0;
      try {
        const holder = (cache: LogCache) => (cache as unknown as { withKeyLock: (key: string, body: () => Promise<void>) => Promise<void> }).withKeyLock('k', async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inside -= 1;
        });
        await Promise.all([holder(new LogCache(root, 1 << 30)), holder(new LogCache(root, 1 << 30))]);
      } finally {
        promises.stat = stat;
      }
      assert.equal(most, 1, 'both held the lock at once');
    });
  });

  it('evicts the least recently used entries beyond the size cap; clearCache empties it', async () => {
    const cache = new LogCache(cacheDir, 250);
    const fill = (bytes: number) => async (dir: string) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(dir, 'f.txt'), 'x'.repeat(bytes));
      return { files: [{ path: 'f.txt', bytes }], skipped: [] };
    };
    await cache.store('a', 'u', 'fp', new Set(), fill(100));
    await new Promise((r) => setTimeout(r, 20));
    await cache.store('b', 'u', 'fp', new Set(), fill(100));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(await cache.lookup('a', 'fp')); // a becomes the most recently used
    await new Promise((r) => setTimeout(r, 20));
    await cache.store('c', 'u', 'fp', new Set(), fill(100));
    assert.deepEqual((await cache.list()).map((e) => e.key).sort(), ['a', 'c']);
    assert.equal(await cache.lookup('a', 'other-settings'), undefined);
    await clearCache(cacheDir);
    assert.deepEqual(await cache.list(), []);
  });

  it('a log URL input downloads that tree and finds baselines through inventory.yaml when its Zuul is configured', async () => {
    const host = new URL(server.url).host;
    const logUrl = `${server.url}/logs/${server.targetUuid}/`;
    const withZuul = await prepareAnalysis(logUrl, { ...settings, zuulMap: { [`${host}/r`]: { url: server.zuulRoot, tenant: 'openstack' } } });
    // inventory.yaml gives the build uuid and the change URL, whose Gerrit host maps to the Zuul.
    assert.equal(withZuul.targetBuild?.uuid, server.targetUuid);
    assert.deepEqual(withZuul.baselineBuilds?.map((b) => b.uuid), server.expectedBaselines);
    // The inventory names the build's own tenant; a zuulMap entry's tenant is only the default for its host.
    const otherTenant = await prepareAnalysis(logUrl, { ...settings, cacheDir: path.join(cacheDir, 'tenant'), zuulMap: { [`${host}/r`]: { url: server.zuulRoot, tenant: 'other-projects' } } });
    assert.equal(otherTenant.targetBuild?.uuid, server.targetUuid);
    assert.deepEqual(otherTenant.baselineBuilds?.map((b) => b.uuid), server.expectedBaselines);
    const unknown = await prepareAnalysis(logUrl, { ...settings, cacheDir: path.join(cacheDir, 'other') });
    assert.equal(unknown.baselines.length, 0);
    assert.ok(unknown.notes?.some((n) => /No baselines/.test(n)));
    const explicit = await prepareAnalysis(logUrl, { ...settings, zuulOverride: { url: server.zuulRoot, tenant: 'openstack' } });
    assert.deepEqual(explicit.baselineBuilds?.map((b) => b.uuid), server.expectedBaselines);
    assert.equal(explicit.targetBuild?.uuid, server.targetUuid);
  });

  it('asks a log server that lets the optional inventory.yaml probe time out no more, and shows retries', async () => {
    const link = `${server.url}/fault/slow/5000/`;
    const messages: string[] = [];
    const before = server.requests.length;
    const started = Date.now();
    await assert.rejects(
      prepareAnalysis(link, { ...settings, timeoutMs: 300, attempts: 2, cacheDir: path.join(cacheDir, 'slow') }, { onProgress: (p) => messages.push(p.message) }),
      (error: unknown) => SourceError.is(error, 'timeout'),
    );
    const probes = server.requests.slice(before).filter((r) => r.path.endsWith('zuul-info/inventory.yaml'));
    // One probe, once: not one per parent folder, not retried.
    assert.equal(probes.length, 1, probes.map((r) => r.path).join(', '));
    assert.ok(messages.some((message) => /did not answer .* Trying again in \d+ s \(attempt 2 of 2\)/.test(message)), messages.join('\n'));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('keeps no credentials or query of a pasted link in the cache, the saved plans or the report source', async () => {
    const cache = path.join(cacheDir, 'secret-link');
    const withSecrets = (url: string): string => url.replace('://', '://dev:S3CRETPW@');
    const links = [
      `${withSecrets(server.zuulRoot)}t/openstack/build/${server.targetUuid}?token=TOKQUERY`,
      `${withSecrets(server.gerritBase)}/c/openstack/nova/+/${server.change}?usp=TOKQUERY`,
    ];
    for (const link of links) {
      const prepared = await prepareAnalysis(link, { ...settings, cacheDir: cache, zuulOverride: { url: server.zuulRoot, tenant: 'openstack' } });
      assert.doesNotMatch(JSON.stringify(prepared.source), /S3CRETPW|TOKQUERY/);
    }
    const leaks = walk(cache).filter((file) => /S3CRETPW|TOKQUERY/.test(readFileSync(path.join(cache, file), 'utf8')));
    assert.deepEqual(leaks, []);
  });

  it('says a change Zuul has no build for may be a mistyped number', async () => {
    const link = `${server.gerritBase}/c/openstack/nova/+/999999`;
    await assert.rejects(prepareAnalysis(link, { ...settings, zuulOverride: { url: server.zuulRoot, tenant: 'openstack' } }), (error: unknown) => {
      assert.ok(SourceError.is(error, 'noBuild'));
      assert.match(error.message, /^Zuul has no build for change 999999.*: check the number/);
      return true;
    });
  });

  it('says when the include/exclude settings, not the server, left no log file to download', async () => {
    const link = `${server.zuulRoot}t/openstack/build/${server.targetUuid}`;
    await assert.rejects(prepareAnalysis(link, { ...settings, include: ['*.nothing'] }), (error: unknown) => {
      assert.ok(SourceError.is(error, 'notFound'));
      assert.match(error.message, /^The include\/exclude settings left none of the \d+ log files at /);
      return true;
    });
  });

  it('a single-file log URL works, with X.gz tried when X is missing', async () => {
    const one = await prepareAnalysis(`${server.url}/logs/${server.targetUuid}/job-output.txt`, { ...settings, zuulOverride: { url: server.zuulRoot, tenant: 'openstack' } });
    assert.ok(one.target.endsWith('job-output.txt'));
    assert.equal(readFileSync(one.target, 'utf8'), generateSampleJob(1, 3).failed.files['job-output.txt']);
    assert.equal(one.baselines.length, 3);
    const gz = await prepareAnalysis(`${server.url}/logs/${server.targetUuid}/controller/logs/syslog.txt`, settings);
    assert.equal(readFileSync(gz.target, 'utf8'), generateSampleJob(1, 3).failed.files['controller/logs/syslog.txt']);
  });

  it('two links into one build never share a cache entry: each gets its own file or folder', async () => {
    const withZuul = { ...settings, zuulOverride: { url: server.zuulRoot, tenant: 'openstack' } };
    const root = `${server.url}/logs/${server.targetUuid}/`;
    const sample = generateSampleJob(1, 3).failed.files;
    const jobOutput = await prepareAnalysis(`${root}job-output.txt`, withZuul);
    const syslog = await prepareAnalysis(`${root}controller/logs/syslog.txt`, withZuul);
    assert.equal(readFileSync(jobOutput.target, 'utf8'), sample['job-output.txt']);
    assert.equal(readFileSync(syslog.target, 'utf8'), sample['controller/logs/syslog.txt']);
    // A folder of the build, then the whole build: the folder's files only, then every file.
    const folder = await prepareAnalysis(`${root}controller/`, withZuul);
    const whole = await prepareAnalysis(`${server.zuulRoot}t/openstack/build/${server.targetUuid}`, withZuul);
    const names = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
    assert.ok(names(folder.target).length > 0);
    assert.ok(names(folder.target).every((name) => name.startsWith('logs')), names(folder.target).join(' '));
    assert.deepEqual(names(whole.target), Object.keys(sample).sort());
    // The whole build's baselines are cached by build, and read again from there.
    assert.deepEqual(whole.baselines, folder.baselines);
  });

  it('storing a tree never evicts another tree of the same analysis, even over the size cap', async () => {
    // A cap smaller than any one build: every store evicts everything it may.
    const tiny = { ...settings, cacheMaxBytes: 1 };
    const prepared = await prepareAnalysis(`${server.zuulRoot}t/openstack/build/${server.targetUuid}`, tiny);
    assert.equal(prepared.baselines.length, 3);
    for (const dir of [prepared.target, ...prepared.baselines]) assert.ok(existsSync(dir), `${dir} is still there`);
    // The next analysis may evict them: they are no longer in use.
    const other = await prepareAnalysis(`${server.url}/logs/${server.targetUuid}/job-output.txt`, { ...tiny, baselineCount: 0 });
    assert.ok(existsSync(other.target));
    assert.ok(!existsSync(prepared.target), 'the earlier analysis\'s target was evicted');
  });

  it('expired logs of a build → expired; a local path is returned as is', async () => {
    await assert.rejects(prepareAnalysis(`${server.zuulRoot}t/openstack/build/${server.expiredUuid}`, { ...settings, baselineCount: 0 }), (e: unknown) => SourceError.is(e, 'expired') && /no longer available/.test(e.message));
    const local = await prepareAnalysis(cacheDir, settings);
    assert.equal(local.target, cacheDir);
    assert.deepEqual(local.baselines, []);
    await assert.rejects(prepareAnalysis(path.join(cacheDir, 'missing'), settings), (e: unknown) => SourceError.is(e, 'notFound'));
  });
});
