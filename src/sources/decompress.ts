// Undoes HTTP Content-Encoding and file-level gzip/xz (by magic bytes, via the magic tests of decode.ts), with a cap
// on the output size so a small hostile body (a "gzip bomb") cannot fill memory or the disk. Log file bodies go
// through decode.ts `decodeLogBytes` afterwards; this module serves HTTP bodies and manifests.
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { isGzip, isXz, OutputTooLarge, unxzCapped } from './decode';
import { SourceError } from './sourceError';

export { isGzip, isXz };

// The asynchronous forms run in libuv's thread pool: a body of hundreds of MB inflated with the synchronous ones
// held the extension host's event loop for most of a second per file.
const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const brotliAsync = promisify<Buffer, ZlibOptions, Buffer>(brotliDecompress);

function tooLarge(maxBytes: number, what: string): SourceError {
  return new SourceError('tooLarge', `${what} decompresses to more than ${maxBytes} bytes (the per-file cap).`);
}

function isBufferTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && 'code' in error && (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE');
}

/** Undoes a Content-Encoding header (gzip, x-gzip, deflate, br, xz); unknown encodings are kept as they are. */
export async function decodeContentEncoding(bytes: Buffer, encoding: string | undefined, maxBytes: number, what: string): Promise<Buffer> {
  const names = (encoding ?? '').toLowerCase().split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'identity');
  let out = bytes;
  // Encodings are listed in the order they were applied: undo them from the last.
  for (const name of names.reverse()) {
    try {
      if ((name === 'gzip' || name === 'x-gzip') && isGzip(out)) out = await gunzipAsync(out, { maxOutputLength: maxBytes });
      else if (name === 'deflate') out = await inflateAsync(out, { maxOutputLength: maxBytes });
      else if (name === 'br') out = await brotliAsync(out, { maxOutputLength: maxBytes });
      else if ((name === 'xz' || name === 'x-xz') && isXz(out)) out = await xzDecompress(out, maxBytes, what);
    } catch (error) {
      if (SourceError.is(error)) throw error;
      if (isBufferTooLarge(error)) throw tooLarge(maxBytes, what);
      throw new SourceError('badResponse', `Could not decode ${what} (Content-Encoding ${name}): ${(error as Error).message}`);
    }
  }
  return out;
}

/**
 * Decodes gzip and xz layers found by magic bytes (a `.gz` file served with Content-Encoding gzip has two),
 * at most three deep. Other bytes are returned unchanged.
 */
export async function decodeByMagic(bytes: Buffer, maxBytes: number, what: string): Promise<Buffer> {
  let out = bytes;
  for (let depth = 0; depth < 3; depth++) {
    try {
      if (isGzip(out)) out = await gunzipAsync(out, { maxOutputLength: maxBytes });
      else if (isXz(out)) out = await xzDecompress(out, maxBytes, what);
      else break;
    } catch (error) {
      if (SourceError.is(error)) throw error;
      if (isBufferTooLarge(error)) throw tooLarge(maxBytes, what);
      throw new SourceError('badResponse', `Could not decompress ${what}: ${(error as Error).message}`);
    }
  }
  if (out.length > maxBytes) throw tooLarge(maxBytes, what);
  return out;
}

/** xz through the reader's capped streaming decoder, with the sources layer's errors. */
export async function xzDecompress(bytes: Buffer, maxBytes: number, what: string): Promise<Buffer> {
  try {
    return await unxzCapped(bytes, maxBytes);
  } catch (error) {
    if (error instanceof OutputTooLarge) throw tooLarge(maxBytes, what);
    throw new SourceError('badResponse', `Could not decompress xz ${what}: ${(error as Error).message}`);
  }
}
