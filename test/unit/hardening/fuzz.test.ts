// Property-based fuzzing under a fixed time budget per property (fast-check stops at the budget and passes if no
// counterexample was found by then), so CI time stays bounded whatever the machine.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { analyze } from '../../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import { tokenize } from '../../../src/core/tokenizer';
import { decodeLogBytes } from '../../../src/sources/decode';
import { downloadFiles, listLogFiles } from '../../../src/sources/download';
import { HttpClient } from '../../../src/sources/http';
import { parseLink } from '../../../src/sources/links';
import { readInputs } from '../../../src/sources/localLogs';
import { SourceError } from '../../../src/sources/sourceError';
import { FAST_HTTP, downloadOptions, isClearMessage, walkFiles } from './corpus';
import { sendText, startHostileServer, type HostileServer } from './hostileServer';

/** Wall-clock budget of one property. */
const BUDGET_MS = 4000;
const params = { interruptAfterTimeLimit: BUDGET_MS, numRuns: 100_000 };

/** Bytes that look like what a log reader meets: text, control bytes, compression magic, broken UTF-8. */
const logBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.string({ unit: 'binary', maxLength: 400 }).map((s) => new Uint8Array(Buffer.from(s))),
  fc.tuple(fc.constantFrom([0x1f, 0x8b], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x42, 0x5a, 0x68]), fc.uint8Array({ maxLength: 512 }))
    .map(([magic, rest]) => new Uint8Array([...magic, ...rest])),
  fc.string({ maxLength: 300 }).map((s) => new Uint8Array(gzipSync(Buffer.from(s)))),
);

describe('hardening fuzz (time-boxed)', function () {
  this.timeout(BUDGET_MS * 4 + 30_000);

  it('random bytes → decode + tokenizer + analyze never throw, and the report stays consistent', async () => {
    await fc.assert(fc.asyncProperty(logBytes, logBytes, async (baselineBytes, targetBytes) => {
      const decoded = await Promise.all([decodeLogBytes(baselineBytes, 1 << 20), decodeLogBytes(targetBytes, 1 << 20)]);
      for (const result of decoded) {
        if (result.kind === 'skip') assert.ok(result.detail.length > 0, 'a skip without a detail');
      }
      const [baseline, target] = decoded.map((d) => (d.kind === 'text' ? d.text : '')) as [string, string];
      for (const line of target.split(/\r\n|\r|\n/)) assert.equal(typeof tokenize(line), 'string');
      const report = analyze({ baseline: [{ path: 'job-output.txt', text: baseline }], target: [{ path: 'job-output.txt', text: target }] }, DEFAULT_OPTIONS);
      for (const file of report.files) {
        for (const anomaly of file.anomalies) {
          assert.ok(anomaly.line >= 1 && anomaly.line <= file.lines, `line ${anomaly.line} of ${file.lines}`);
          assert.ok(anomaly.distance >= 0 && anomaly.distance <= 1, `distance ${anomaly.distance}`);
        }
      }
    }), params);
  });

  it('random unicode text (any code unit, lone surrogates, \\r) → tokenizer and analyze never throw', () => {
    const text = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 })), { maxLength: 30 })
      .map((lines) => lines.join(['\n', '\r\n', '\r'][lines.length % 3]));
    fc.assert(fc.property(text, text, (baseline, target) => {
      for (const line of target.split('\n')) assert.equal(typeof tokenize(line), 'string');
      const report = analyze({ baseline: [{ path: 'a.log', text: baseline }], target: [{ path: 'a.log', text: target }] }, { ...DEFAULT_OPTIONS, maxLineLength: 40 });
      assert.ok(report.totals.targetLines >= 0);
    }), params);
  });

  describe('the local reader', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'lt-fuzz-read-'));
    });
    // A run cut off by the time budget may still be writing; rmSync retries until it has finished.
    after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

    it('random files in a folder → every file is read or skipped with a reason, never a throw', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(logBytes, { minLength: 1, maxLength: 6 }), async (files) => {
        const root = path.join(dir, String(run++));
        mkdirSync(root);
        files.forEach((bytes, i) => writeFileSync(path.join(root, `f${i}.log`), bytes));
        const result = await readInputs([root], 'target', { maxFileBytes: 1 << 20 });
        assert.equal(result.files.length + result.skipped.length, files.length);
        rmSync(root, { recursive: true, force: true });
      }), { ...params, interruptAfterTimeLimit: BUDGET_MS / 2 });
    });
  });

  describe('the downloader against random manifest trees served by a real server', () => {
    let server: HostileServer;
    let dir: string;
    before(async () => {
      server = await startHostileServer();
      dir = mkdtempSync(path.join(os.tmpdir(), 'lt-fuzz-dl-'));
    });
    /** The run fast-check was in when the budget ran out goes on in the background; it is awaited before cleanup. */
    const inFlight = new Set<Promise<void>>();
    after(async () => {
      await Promise.allSettled([...inFlight]);
      await server.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    });

    const hostileName = fc.oneof(
      fc.constantFrom('..', '.', '', '/', '\\', '%2e%2e', '%2E%2e%2F', '..%2f', 'a/b', '../x', '/etc/passwd', 'C:', 'c:\\x', '\u0000', 'x\u0000y', 'a.gz', 'a', 'x.xz', '%', '%ZZ', '~', '__proto__', 'constructor', 'zuul-manifest.json', 'a'.repeat(300), 'é'.repeat(150)),
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^[a-z]{1,6}(\.txt|\.gz|\.log)?$/),
    );
    type Node = { name: unknown; mimetype?: string; size?: unknown; children?: Node[] };
    const tree = fc.letrec<{ node: Node; nodes: Node[] }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ name: hostileName, mimetype: fc.constantFrom('text/plain', 'application/octet-stream', 'image/png'), size: fc.oneof(fc.nat(100), fc.constant(-1), fc.constant('x')) }),
        fc.record({ name: fc.oneof(hostileName, fc.integer(), fc.constant(null)), mimetype: fc.constant('application/directory'), children: tie('nodes') }),
      ) as fc.Arbitrary<Node>,
      nodes: fc.array(tie('node'), { maxLength: 5 }),
    })).nodes;

    it('never writes outside the download folder and never fails with anything but a clear SourceError', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(tree, (nodes) => {
        const running = checkTree(nodes);
        inFlight.add(running);
        return running.finally(() => inFlight.delete(running));
      }), { ...params, interruptAfterTimeLimit: BUDGET_MS + 2000 });
      assert.ok(existsSync(dir));

      async function checkTree(nodes: Node[]): Promise<void> {
        const id = run++;
        const prefix = `/fuzz/${id}/`;
        server.route(prefix, (_req, res, rest) => {
          if (rest === 'zuul-manifest.json') return sendText(res, JSON.stringify({ tree: nodes }), 200, 'application/json');
          const name = rest.split('/').pop() ?? '';
          sendText(res, name.endsWith('.gz') ? gzipSync(Buffer.from(`gz ${rest}\n`)) : `plain ${rest}\n`);
        });
        const root = path.join(dir, String(id));
        const dest = path.join(root, 'box', 'files');
        mkdirSync(dest, { recursive: true });
        const http = new HttpClient(FAST_HTTP);
        const options = downloadOptions({ concurrency: 3 });
        try {
          const listing = await listLogFiles(http, server.url + prefix, options);
          const result = await downloadFiles(http, listing, dest, options);
          const written = new Set(walkFiles(dest));
          for (const file of result.files) assert.ok(written.has(file.path), `${file.path} reported but not written`);
        } catch (error) {
          assert.ok(SourceError.is(error), `not a SourceError: ${String(error)}`);
          assert.ok(isClearMessage(error.message), error.message);
        }
        assert.deepEqual(readdirSync(root), ['box']);
        assert.deepEqual(readdirSync(path.join(root, 'box')), ['files']);
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  it('random links → parseLink answers a link or a badLink error, never anything else', () => {
    const link = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 60 }),
      fc.tuple(fc.constantFrom('https://review.example.org/c/', 'https://zuul.example.org/t/', 'https://h/r/', 'http://h/#/c/', 'file:///'), fc.string({ maxLength: 40 }))
        .map(([head, tail]) => head + tail),
    );
    fc.assert(fc.property(link, (text) => {
      try {
        const parsed = parseLink(text);
        if (parsed.kind === 'gerrit') assert.ok(Number.isSafeInteger(parsed.change) && parsed.change > 0, `change ${parsed.change}`);
      } catch (error) {
        assert.ok(SourceError.is(error, 'badLink'), `${JSON.stringify(text)}: ${String(error)}`);
      }
    }), { ...params, interruptAfterTimeLimit: BUDGET_MS / 2 });
  });
});
