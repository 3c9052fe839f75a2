// Turns the raw bytes of a log file into text, or into a clear reason why it cannot be analysed.
// Compression is recognised by magic bytes, never by file name: log stores serve `*.gz` objects raw and
// plain files are sometimes named `.gz` (logreduce.md §12, Rust quirk 10).
import { isAscii } from 'node:buffer';
import { gunzip } from 'node:zlib';
import { XzReadableStream } from 'xz-decompress';
import { splitLines } from '../core/lines';
import type { SourceContent } from '../core/analysis';
import type { SkipReason } from '../core/report';

type Compression = 'gzip' | 'xz';

type Skip = { readonly kind: 'skip'; readonly reason: SkipReason; readonly detail: string };

export type DecodeResult = { readonly kind: 'text'; readonly text: string; readonly compression?: Compression } | Skip;

/** A log file decoded for the engine (see `decodeContent`). */
export type DecodeContentResult = { readonly kind: 'content'; readonly content: SourceContent; readonly compression?: Compression } | Skip;

/** How many leading bytes the binary check looks at. */
export const SNIFF_BYTES = 8192;

/** Above this share of control bytes in the first block, a file is not a text log. */
const CONTROL_SHARE_LIMIT = 0.3;

const MIB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function isXz(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && bytes[0] === 0xfd && bytes[1] === 0x37 && bytes[2] === 0x7a && bytes[3] === 0x58 && bytes[4] === 0x5a && bytes[5] === 0x00;
}

/** Names compressed formats we recognise but do not decode, so the skip says why instead of just "binary". */
function unsupportedCompression(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return 'bzip2';
  if (bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return 'zstd';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  return undefined;
}

/**
 * Bytes of the first block per NUL byte a text may hold. A serial console or a crashed writer leaves a stray NUL
 * in a log now and then, and the log is still worth reading; binary data (executables, images, compressed
 * streams) holds one every few hundred bytes at most. So a block of 8 KiB is binary from its ninth NUL, and a
 * block under 1 KiB from its first.
 */
const BYTES_PER_TOLERATED_NUL = 1024;

/**
 * Returns a description when the first block does not look like text: more NUL bytes than a text holds (see
 * BYTES_PER_TOLERATED_NUL), or a high share of control bytes. Tab, line ends, form feed, vertical tab, backspace
 * and ESC are normal in CI logs (ANSI colours, progress bars), so they do not count.
 */
export function binaryReason(bytes: Uint8Array): string | undefined {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  let nulBytes = 0;
  let firstNul = -1;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      if (firstNul < 0) firstNul = i;
      nulBytes++;
    } else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x08 && b !== 0x1b) || b === 0x7f) control++;
  }
  if (nulBytes > end / BYTES_PER_TOLERATED_NUL) return `NUL byte at offset ${firstNul}`;
  if (end > 0 && (control + nulBytes) / end > CONTROL_SHARE_LIMIT) return `${Math.round((100 * (control + nulBytes)) / end)}% control bytes in the first ${formatBytes(end)}`;
  return undefined;
}

function gunzipCapped(bytes: Uint8Array, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(bytes, { maxOutputLength: maxBytes }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Thrown by the capped decoders when the output passes its cap. */
export class OutputTooLarge extends Error {}

/** Streams the xz decoder and stops as soon as the output passes the cap, so an xz bomb costs no memory. */
export async function unxzCapped(bytes: Uint8Array, maxBytes: number): Promise<Buffer> {
  const input = new Blob([bytes]).stream();
  const reader = new XzReadableStream(input).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new OutputTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes UTF-8 (with replacement characters for invalid bytes, never aborting) or UTF-16 with a byte order mark. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // Pure ASCII (most logs) is its own Latin-1: a one-byte string made by a copy, three to six times faster than
  // UTF-8 decoding, and cheaper to hash and scan for the rest of the analysis.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // TextDecoder drops a leading UTF-8 byte order mark and replaces invalid sequences with U+FFFD.
  return new TextDecoder('utf-8').decode(bytes);
}

/** Byte ranges scanned byte by byte when looking for non-ASCII lines; larger ones are first tested whole. */
const NON_ASCII_SCAN_SPAN = 512;

/**
 * Appends the offsets of the non-ASCII bytes in [start, end) to `found`, stopping once it holds more than `limit`.
 * Mostly-ASCII data costs a few native `isAscii` calls over halving ranges, not a loop over every byte.
 */
function findNonAscii(bytes: Uint8Array, start: number, end: number, found: number[], limit: number): void {
  if (found.length > limit) return;
  if (end - start <= NON_ASCII_SCAN_SPAN) {
    for (let offset = start; offset < end; offset += 1) {
      if ((bytes[offset] ?? 0) >= 0x80) found.push(offset);
    }
    return;
  }
  if (isAscii(bytes.subarray(start, end))) return;
  const middle = start + Math.floor((end - start) / 2);
  findNonAscii(bytes, start, middle, found, limit);
  findNonAscii(bytes, middle, end, found, limit);
}

/**
 * Decodes a log file into its lines: the lines `splitLines(decodeText(bytes))` gives, built faster. A UTF-8 file
 * with a few non-ASCII characters would make its whole text a two-byte string, which the tokenizer reads and
 * hashes about a fifth slower (measured on scale-ikasan, where 57 lines of 388k are not ASCII); here the file is
 * read as Latin-1 (byte offsets are then character offsets) and only the lines holding a non-ASCII byte are
 * decoded again as UTF-8. A line end is an ASCII byte, which never sits inside a UTF-8 sequence and ends any broken
 * one, so decoding line by line gives the same characters as decoding the whole. Files with more non-ASCII bytes
 * than one per eight lines are decoded whole: there one native call beats many.
 */
export function decodeLines(bytes: Uint8Array, atFileStart = true): string[] {
  // A byte order mark only means one at the start of the file: a later slice (see decodeLinesInSlices) that starts
  // with the same bytes starts with text.
  if (atFileStart && hasUtf16Bom(bytes)) return splitLines(decodeText(bytes));
  // TextDecoder drops a leading UTF-8 byte order mark (one only: a second one is text).
  const body = atFileStart && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const latin1 = buffer.toString('latin1');
  const lines = splitLines(latin1);
  if (isAscii(body)) return lines;
  const nonAscii: number[] = [];
  const limit = Math.max(64, lines.length / 8);
  findNonAscii(body, 0, body.length, nonAscii, limit);
  if (nonAscii.length > limit) return splitLines(atFileStart ? decodeText(bytes) : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  let next = 0;
  let start = 0;
  for (let line = 0; line < lines.length && next < nonAscii.length; line += 1) {
    const end = start + (lines[line] ?? '').length;
    if ((nonAscii[next] ?? end) < end) {
      lines[line] = buffer.toString('utf8', start, end);
      while (next < nonAscii.length && (nonAscii[next] ?? end) < end) next += 1;
    }
    start = end + (latin1.charCodeAt(end) === 13 && latin1.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  return lines;
}

/**
 * A file's content for the engine: the text when it is pure ASCII (already one-byte, and split by the engine as it
 * scores the file, so a file waiting in a queue holds no array of lines), otherwise its lines from `decodeLines`.
 */
export function decodeContent(bytes: Uint8Array, sliceBytes = ONE_STRING_BYTES): SourceContent {
  if (bytes.length > sliceBytes && !hasUtf16Bom(bytes)) return { lines: decodeLinesInSlices(bytes, sliceBytes) };
  return isAscii(bytes) ? { text: decodeText(bytes) } : { lines: decodeLines(bytes) };
}

/**
 * Files larger than this are decoded a slice at a time: V8 cannot make a string of more than 2^29 - 24 characters
 * (about 512 MiB of ASCII), and a 600 MB log made one fail, and with it the whole analysis.
 */
export const ONE_STRING_BYTES = 128 * 1024 * 1024;

/**
 * The lines of a large UTF-8 file, decoded in slices cut just after a line end (a line feed, a carriage return and
 * line feed, or a lone carriage return): each is ASCII and ends any broken UTF-8 sequence, so the lines are those
 * `decodeLines` gives for the whole. Cutting after line feeds only lost the tail of a file that ends its lines with
 * lone carriage returns: all of it after the first slice read as one line. A single line longer than a slice keeps
 * its first slice's worth of characters: far more than any line is scored on.
 */
function decodeLinesInSlices(bytes: Uint8Array, sliceBytes: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + sliceBytes);
    let next = end;
    if (end < bytes.length) {
      const lastEnd = lastLineEnd(bytes, start, end);
      if (lastEnd >= start) {
        end = afterLineEnd(bytes, lastEnd);
        next = end;
      } else {
        const first = firstLineEnd(bytes, end);
        next = first < 0 ? bytes.length : afterLineEnd(bytes, first);
      }
    }
    for (const line of decodeLines(bytes.subarray(start, end), start === 0)) lines.push(line);
    start = next;
  }
  return lines;
}

/**
 * The last `\n` or `\r` in bytes [start, end), or -1. One backward scan that stops at the slice's start: two
 * `lastIndexOf` calls each ran back to the file's first byte when the slice held none of their byte.
 */
function lastLineEnd(bytes: Uint8Array, start: number, end: number): number {
  for (let at = end - 1; at >= start; at -= 1) {
    if (bytes[at] === 0x0a || bytes[at] === 0x0d) return at;
  }
  return -1;
}

/** The first `\n` or `\r` from `from` on, or -1: the `\r` is looked for only up to the first `\n`. */
function firstLineEnd(bytes: Uint8Array, from: number): number {
  const feed = bytes.indexOf(0x0a, from);
  const ret = feed < 0 ? bytes.indexOf(0x0d, from) : bytes.subarray(from, feed).indexOf(0x0d);
  if (feed >= 0 && ret >= 0) return from + ret;
  return feed >= 0 ? feed : ret;
}

/** Where the line ending at the line-end byte `at` (`\n` or `\r`) is over: past its `\r\n` pair when it is one. */
function afterLineEnd(bytes: Uint8Array, at: number): number {
  return bytes[at] === 0x0d && bytes[at + 1] === 0x0a ? at + 2 : at + 1;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** The bytes of a log file once decompressed and checked to be text, or why they cannot be analysed. */
type Unpacked = { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly compression?: Compression } | Skip;

async function unpackLogBytes(raw: Uint8Array, maxBytes: number): Promise<Unpacked> {
  if (raw.length === 0) return { kind: 'skip', reason: 'empty', detail: '0 bytes' };
  let bytes = raw;
  let compression: Compression | undefined;
  try {
    // A `.gz` stored by a server that compressed it again has two layers; three is plenty.
    for (let depth = 0; depth < 3; depth++) {
      if (isGzip(bytes)) {
        compression = 'gzip';
        bytes = await gunzipCapped(bytes, maxBytes);
      } else if (isXz(bytes)) {
        compression = 'xz';
        bytes = await unxzCapped(bytes, maxBytes);
      } else {
        break;
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof OutputTooLarge || code === 'ERR_BUFFER_TOO_LARGE') {
      return { kind: 'skip', reason: 'tooLarge', detail: `${compression} data decompresses to more than ${formatBytes(maxBytes)}` };
    }
    // xz-embedded reports XZ_BUF_ERROR (8) when the input ends early, XZ_DATA_ERROR (7) for bad data.
    const truncated = code === 'Z_BUF_ERROR' || /unexpected end|error code 8\b/i.test(errorMessage(error));
    const what = truncated ? `truncated ${compression} data` : `corrupt ${compression} data`;
    return { kind: 'skip', reason: 'unreadable', detail: `${what}: ${errorMessage(error)}` };
  }
  if (bytes.length === 0) return { kind: 'skip', reason: 'empty', detail: compression ? `${compression} data decompresses to 0 bytes` : '0 bytes' };
  const other = unsupportedCompression(bytes);
  if (other) return { kind: 'skip', reason: 'binary', detail: `${other}-compressed data is not supported` };
  if (!hasUtf16Bom(bytes)) {
    const reason = binaryReason(bytes);
    if (reason) return { kind: 'skip', reason: 'binary', detail: compression ? `${reason} after ${compression} decompression` : reason };
  }
  return compression ? { kind: 'bytes', bytes, compression } : { kind: 'bytes', bytes };
}

/**
 * Decodes one file's bytes. `maxBytes` caps the decompressed size; the caller caps the size on disk.
 * Every failure becomes a skip with a reason and a detail a user can act on.
 */
export async function decodeLogBytes(raw: Uint8Array, maxBytes: number): Promise<DecodeResult> {
  const unpacked = await unpackLogBytes(raw, maxBytes);
  if (unpacked.kind === 'skip') return unpacked;
  const text = decodeText(unpacked.bytes);
  return unpacked.compression ? { kind: 'text', text, compression: unpacked.compression } : { kind: 'text', text };
}

/** As `decodeLogBytes`, but decoded by `decodeContent` for the engine. */
export async function decodeLogContent(raw: Uint8Array, maxBytes: number): Promise<DecodeContentResult> {
  const unpacked = await unpackLogBytes(raw, maxBytes);
  if (unpacked.kind === 'skip') return unpacked;
  const content = decodeContent(unpacked.bytes);
  return unpacked.compression ? { kind: 'content', content, compression: unpacked.compression } : { kind: 'content', content };
}
