// Splitting decoded text into physical lines, the way every reader and the report number them.

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Splits on `\n`, `\r\n` and a lone `\r`. A final terminator does not start an extra empty line, so
 * `"a\nb\n"` has two lines and line N (1-based) is element N-1.
 */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  // Splitting on a plain string is several times faster than on a regular expression; most logs have no `\r`.
  const lines = text.indexOf('\r') === -1 ? text.split('\n') : text.split(LINE_BREAK);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A copy of `text` that holds no reference to the string it was cut from. V8 keeps a slice as a view of its parent,
 * so one kept line would otherwise keep a whole file's text in memory.
 */
export function flatCopy(text: string): string {
  return text.length === 0 ? '' : (' ' + text).slice(1);
}
