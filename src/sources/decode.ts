// Turns the raw bytes of a log file into text, or into a clear reason why it cannot be analysed.
// Compression is recognised by magic bytes, never by file name: log stores serve `*.gz` objects raw and
// plain files are sometimes named `.gz` (logreduce.md §12, Rust quirk 10).
import { isAscii } from 'node:buffer';
import { gunzip } from 'node:zlib';
import { XzReadableStream } from 'xz-decompress';
import type { SkipReason } from '../core/report';

export type DecodeResult =
  | { readonly kind: 'text'; readonly text: string; readonly compression?: 'gzip' | 'xz' }
  | { readonly kind: 'skip'; readonly reason: SkipReason; readonly detail: string };

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
 * Returns a description when the first block does not look like text: any NUL byte, or a high share of
 * control bytes. Tab, line ends, form feed, vertical tab, backspace and ESC are normal in CI logs (ANSI
 * colours, progress bars), so they do not count.
 */
export function binaryReason(bytes: Uint8Array): string | undefined {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return `NUL byte at offset ${i}`;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x08 && b !== 0x1b) || b === 0x7f) control++;
  }
  if (end > 0 && control / end > CONTROL_SHARE_LIMIT) return `${Math.round((100 * control) / end)}% control bytes in the first ${formatBytes(end)}`;
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

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * Decodes one file's bytes. `maxBytes` caps the decompressed size; the caller caps the size on disk.
 * Every failure becomes a skip with a reason and a detail a user can act on.
 */
export async function decodeLogBytes(raw: Uint8Array, maxBytes: number): Promise<DecodeResult> {
  if (raw.length === 0) return { kind: 'skip', reason: 'empty', detail: '0 bytes' };
  let bytes = raw;
  let compression: 'gzip' | 'xz' | undefined;
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
  return compression ? { kind: 'text', text: decodeText(bytes), compression } : { kind: 'text', text: decodeText(bytes) };
}
