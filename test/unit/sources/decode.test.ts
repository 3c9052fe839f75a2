import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { splitLines } from '../../../src/core/lines';
import { gzipSync } from 'node:zlib';
import { decodeContent, decodeLines, decodeText } from '../../../src/sources/decode';
import { decodeContentEncoding } from '../../../src/sources/decompress';
import { SourceError } from '../../../src/sources/sourceError';

// decodeLines must give exactly the lines of decoding the whole file and splitting it: it only takes a faster road
// (Latin-1 for the ASCII lines, UTF-8 for the others), and any difference would shift or alter reported lines.

const bytesOf = (values: readonly number[]): Uint8Array => Uint8Array.from(values);

/** Pieces a log file is made of, valid or not: ASCII, every line end, multi-byte characters, broken sequences. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('INFO service started', ' ', 'x', '0123456789', '\t').map((text) => Buffer.from(text)) },
  { weight: 4, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\r\n').map((text) => Buffer.from(text)) },
  { weight: 3, arbitrary: fc.constantFrom('é', '€', '😀', 'ü', '\uFEFF', '日本').map((text) => Buffer.from(text)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      bytesOf([0xff]), // never valid
      bytesOf([0xc3]), // a lead byte cut short
      bytesOf([0xe2, 0x82]), // a three-byte sequence cut short
      bytesOf([0xf0, 0x9f, 0x98]), // a four-byte sequence cut short
      bytesOf([0xed, 0xa0, 0x80]), // an encoded surrogate
      bytesOf([0xc0, 0xaf]), // an overlong `/`
      bytesOf([0x80]), // a lone continuation byte
      bytesOf([0xff, 0xfe]), // a UTF-16 byte order mark's bytes, which mean one only at the start of the file
    ),
  },
  // Long ASCII stretches, so the search for non-ASCII bytes halves ranges instead of looping over a few bytes.
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 2000 }).map((length) => Buffer.alloc(length, 'a')) },
);

function file(withBom: boolean, pieces: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat([withBom ? bytesOf([0xef, 0xbb, 0xbf]) : bytesOf([]), ...pieces]);
}

describe('decodeLines', () => {
  it('gives the lines of the whole decoded text on random files of valid and broken UTF-8', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 80 }), (withBom, pieces) => {
        const bytes = file(withBom, pieces);
        assert.deepEqual(decodeLines(bytes), splitLines(decodeText(bytes)));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same lines when non-ASCII lines are too many to decode one by one', () => {
    // Over an eighth of the lines hold a non-ASCII byte: the whole file is decoded at once instead.
    const lines = Array.from({ length: 2000 }, (_, index) => (index % 3 === 0 ? `ligne ${index} déjà vue` : `line ${index}`));
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    assert.deepEqual(decodeLines(bytes), lines);
    const sparse = lines.map((line, index) => (index % 500 === 0 ? line : line.replace('é', 'e').replace('à', 'a')));
    assert.deepEqual(decodeLines(Buffer.from(sparse.join('\r\n'))), sparse);
  });

  it('drops one leading UTF-8 byte order mark as TextDecoder does, and keeps a second one', () => {
    assert.deepEqual(decodeLines(file(true, [Buffer.from('plain\n')])), ['plain']);
    assert.deepEqual(decodeLines(file(true, [])), []);
    assert.deepEqual(decodeLines(file(true, [bytesOf([0xef, 0xbb, 0xbf]), Buffer.from('x é\n')])), ['\uFEFFx é']);
    assert.deepEqual(decodeLines(bytesOf([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00, 0x42, 0x00])), ['A', 'B']);
  });

  it('gives the same lines when a file too large for one string is decoded in slices', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 80 }), fc.integer({ min: 1, max: 64 }), (withBom, pieces, extra) => {
        const bytes = file(withBom, pieces);
        // Slices at least as long as the longest line with its line end (`\n`, `\r\n` or a lone `\r`: a file may end its
        // lines with any of them), so no line is cut.
        let longest = 0;
        for (let start = 0; start < bytes.length; ) {
          let end = start;
          while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end += 1;
          end = end >= bytes.length ? bytes.length : bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? end + 2 : end + 1;
          longest = Math.max(longest, end - start);
          start = end;
        }
        const content = decodeContent(bytes, longest + extra);
        const lines = content.lines ?? splitLines(content.text ?? '');
        assert.deepEqual(lines, splitLines(decodeText(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a slice that starts with byte order mark bytes as text, not as UTF-16 or a mark to drop', () => {
    // Binary junk at the start of a line in the middle of a big log: FF FE, then EF BB BF.
    const bytes = Buffer.concat([
      Buffer.from('first line that is long enough\n'), bytesOf([0xff, 0xfe]), Buffer.from(' garbage\nERROR real line\n'),
      bytesOf([0xef, 0xbb, 0xbf]), Buffer.from('marked line é\nlast'),
    ]);
    for (const slice of [32, 36, 40, 48, 64]) {
      const content = decodeContent(bytes, slice);
      assert.deepEqual(content.lines, splitLines(decodeText(bytes)), `slices of ${slice} bytes`);
    }
  });

  it('keeps the first slice of a line longer than a slice, and every line after it, whatever ends the lines', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const content = decodeContent(Buffer.from(`${'a'.repeat(100)}${end}next line${end}last`), 16);
      assert.deepEqual(content.lines, ['a'.repeat(16), 'next line', 'last'], JSON.stringify(end));
    }
  });

  it('cuts the slices of a big file whose lines end with lone carriage returns between lines, losing none', () => {
    const text = `${Array.from({ length: 1000 }, (_, index) => `line ${index} é`).join('\r')}\r`;
    const content = decodeContent(Buffer.from(text, 'utf8'), 1024);
    assert.equal(content.lines?.length, 1000);
    assert.equal(content.lines?.at(-1), 'line 999 é');
  });
});

describe('decodeContentEncoding', () => {
  it('inflates off the event loop: other work runs while a big body inflates, and the bytes come back whole', async () => {
    const text = Buffer.alloc(32 * 1024 * 1024, 'INFO all good\n');
    const body = gzipSync(text, { level: 1 });
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    // A synchronous inflate would finish inside this call, before the immediate callback had a chance to run.
    const inflated = await decodeContentEncoding(body, 'gzip', 64 * 1024 * 1024, 'a log');
    assert.equal(otherWorkRan, true);
    assert.ok(inflated.equals(text));
    await assert.rejects(decodeContentEncoding(body, 'gzip', 1024 * 1024, 'a log'), (error: unknown) => SourceError.is(error, 'tooLarge'));
  });
});
