// Reference tokenizer: the rules as plain regex passes, the way MODEL_VERSION 1 ran them, plus each later rule change
// written the simple way (version 2: URL paths split into words; version 7: secret values masked first; version 9:
// short hexadecimal ids, error class names kept, Python 3 and pip temporary paths, lower-case words after
// `secret:`). The differential harness (tokenSnapshot.ts fuzz)
// checks that the optimised src/core/tokenizer.ts gives the same words on any input. A rule change goes in both.
// The notes below are the original ones.
//
// Line tokenizer: turns a raw log line into the words that are compared with the baseline.
//
// It follows the Python LogReduce rules (docs/logreduce.md §2) because they reach 100% / 0% on the conformance suite
// and keep the tokens coarse, which is what makes "seen before" robust across runs. It fixes the listed quirks (§12):
// `dec` is December, clock times are not IPv6 addresses, the Apache `OPTIONS *` line is really skipped, error
// weighting looks at whole words (not substrings such as `failover` or `errors=0`), non-ASCII letters are kept as
// word characters instead of vanishing, and placeholders never glue to their neighbours.
// Any change to the produced tokens must bump MODEL_VERSION (modelVersion.ts).

/** Lines whose content is pure noise between runs (SSH brute force, ETA counters, listing commands...). */
const SKIP_LINE = new RegExp(
  [
    '"GET / HTTP/1\\.1"',
    '"OPTIONS \\* HTTP/1\\.0" 200',
    'AAAA[A-Z][0-9]',
    '\\$[0-9]\\$',
    '-----BEGIN',
    'HEAD is now at',
    'Change-Id: ',
    ' ETA ',
    '\\* [a-zA-Z]+: [a-zA-Z0-9.-]*$',
    'Trying other mirror\\.',
    'audit.*exe="/usr/sbin/sshd"',
    'sshd.*[iI]nvalid user',
    'sshd.*Unable to connect using the available authentication methods',
    'unix_chkpwd.*: password check failed for user',
    'sshd.*: authentication failure',
    'sshd.*: Failed password for',
    'sshd.*- POSSIBLE BREAK-IN ATTEMPT',
    'zuul.*echo BECOME-SUCCESS-',
    '^[^ ]{64}$',
    'ovs-ofctl .* (?:dump-ports|dump-flows|show)\\b',
    '(?:ip|eb)tables .* -L\\b',
  ].join('|'),
);

/**
 * Literals of which at least one occurs in every line SKIP_LINE can match. Checking them with indexOf (native
 * substring search) first spares the full alternation, whose `.*` branches cost a scan each, on almost every line.
 */
const SKIP_LITERALS = [
  'GET / HTTP/1.1', 'OPTIONS * HTTP/1.0', 'AAAA', '$', '-----BEGIN', 'HEAD is now at', 'Change-Id: ', ' ETA ', '* ',
  'Trying other mirror', 'sshd', 'unix_chkpwd', 'BECOME-SUCCESS-', 'ovs-ofctl', 'tables ',
];

function maybeSkipped(line: string): boolean {
  if (line.length === 64 && line.indexOf(' ') === -1) return true;
  for (const literal of SKIP_LITERALS) if (line.indexOf(literal) !== -1) return true;
  return false;
}

/** ANSI escape sequences (colours, cursor moves) that CI consoles embed. */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/** URL-encoded characters (`%2F`...). */
const URL_ESCAPE = /%[2345][0-9A-F]/g;

/** Long random strings: base64-ish runs of 64 or 128 characters, SHA-1 and MD5 hex digests. */
// Bounded by non-alphanumerics only, so `<sha1>_<short>` and `refs/<md5>` are caught as in Python (`(?=\b|_)`).
const RANDOM_STRING = /(?<![0-9a-zA-Z])_?(?:[\w+/]{128}|[\w+/]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9a-zA-Z])/g;
/**
 * Identifiers made of letters and many digits (`Z60f0ad207fbb4c55a07d665ef44131a4`, build ids): random per run.
 * Version 9: also hexadecimal runs of 7 to 11 characters with a digit and a letter (short git hashes), and never an
 * error class name (`ISO8601ParseException`).
 */
const ALNUM_RUN = /[0-9a-zA-Z]{7,}/g;
const DIGIT = /[0-9]/g;
const LETTER = /[a-zA-Z]/;
function maskMixedId(run: string): string {
  const digits = run.match(DIGIT)?.length ?? 0;
  if (!LETTER.test(run) || /.(?:Errors?|Exceptions?|Failures?)$/.test(run)) return run;
  if (run.length >= 12) return digits >= 3 ? ' RNGN ' : run;
  return digits >= 1 && /^[0-9a-fA-F]+$/.test(run) ? ' RNGN ' : run;
}

/** UUIDs (dashed or not) and Swift transaction ids. */
const UUID = /(?<![0-9a-zA-Z])_?(?:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|tx[^ ]{32})(?![0-9a-zA-Z])/gi;

/** Heat stack resource suffixes (`-abcdefghijkl`). */
const HEAT_ID = /-\w{12}(?=[- "$]|$)/g;

/** Git revision ranges (`abc1234..def5678`), SSH key fingerprints and random temporary paths. */
const GIT_RANGE = /\b\w{7}\.\.\w{7}\b/g;
const SSH_FINGERPRINT = /SHA256:[\w+/]{43}\b/g;
// Version 9: Python 3's 8-character tempfile names and pip's prefixed ones too.
const TEMP_PATH = /(?:\/tmp\/ansible\.\w{8}|\/tmp\/tmp\w{6}|\/tmp\/tmp\w{8}|\/tmp\/tmp\.\w{10}|\/tmp\/pip-[a-z]+(?:-[a-z]+)*-\w{8})\b/g;

const IPV4_PART = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
const IPV4 = `${IPV4_PART}(?:\\.${IPV4_PART}){3}`;
const HEX4 = '[0-9A-Fa-f]{1,4}';
// A full eight-group address, or a compressed one with `::`. A clock time (`02:52:17`) is neither (quirk §12.2).
const IPV6 = `(?:${HEX4}:){7}${HEX4}|(?:${HEX4}:){1,6}:(?:${HEX4}(?::${HEX4}){0,5})?|::(?:${HEX4}(?::${HEX4}){0,6})`;
const MAC = '[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}';
// An IPv4 address may be followed by `:port` (`10.0.0.1:8080`), as Python's rule allows; a MAC or IPv6 address
// never by another `:`, which would make it part of a longer colon chain.
const NETWORK_ADDRESS = new RegExp(`(?<![\\w:.])(?:(?:${MAC}|${IPV6})(?![\\w:])|${IPV4}(?!\\w|:(?![0-9])))`, 'g');

/** Hexadecimal literals and decimal numbers are erased: they change between runs. */
const NUMBER = /0x[0-9a-fA-F]{2,}|[0-9]+(?:\.[0-9]+)?/g;

/** A word: a run of letters (any script), `_` or `/`. Everything else separates words. */
const WORD = /[\p{L}_/]+/gu;
/** The same for pure-ASCII lines (nearly all of them): three times faster than the Unicode-aware form. */
const ASCII_WORD = /[A-Za-z_/]+/g;
const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Cheap guard for NETWORK_ADDRESS: a dotted quad start, `::`, or four `:`/`-` separated hex groups. Clock times
 * (`13:35:54,297`) and dates pass none of them, and they are on almost every line.
 */
const MAYBE_ADDRESS = /[0-9]\.[0-9]{1,3}\.[0-9]|::|[0-9a-fA-F]:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:|[0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]/;

// Character classes for the run-length guards below (ASCII only; other characters end every run).
const CLASS_WORD = 1; // [\w+/]: base64-ish random strings
const CLASS_HEX_DASH = 2; // [0-9a-fA-F-]: UUIDs
const CLASS_ALNUM = 4; // [0-9A-Za-z] with 3 digits or more: mixed identifiers
const CHAR_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  let bits = 0;
  if (/[\w+/]/.test(char)) bits |= CLASS_WORD;
  if (/[0-9a-fA-F-]/.test(char)) bits |= CLASS_HEX_DASH;
  if (/[0-9A-Za-z]/.test(char)) bits |= CLASS_ALNUM;
  CHAR_CLASS[code] = bits;
}

/**
 * One pass over the line measuring the longest run of each class, so the costly random-string regexes only run on
 * the few lines that can match them (a regex scan per line costs more than this loop by an order of magnitude).
 */
function longRuns(line: string): number {
  let word = 0;
  let hexDash = 0;
  let alnum = 0;
  let alnumDigits = 0;
  let found = 0;
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    const bits = code < 128 ? (CHAR_CLASS[code] ?? 0) : 0;
    word = bits & CLASS_WORD ? word + 1 : 0;
    hexDash = bits & CLASS_HEX_DASH ? hexDash + 1 : 0;
    if (bits & CLASS_ALNUM) {
      alnum += 1;
      if (code <= 57) alnumDigits += 1;
    } else {
      alnum = 0;
      alnumDigits = 0;
    }
    if (word >= 32) found |= CLASS_WORD;
    if (hexDash >= 32) found |= CLASS_HEX_DASH;
    if (alnum >= 12 && alnumDigits >= 3) found |= CLASS_ALNUM;
  }
  return found;
}

const DATE_WORDS = new Set(
  (
    'sunday monday tuesday wednesday thursday friday saturday mon tue wed thu fri sat sun ' +
    'jan feb mar apr may jun jul aug sep oct nov dec ' +
    'january february march april june july august september october november december'
  ).split(' '),
);

/**
 * Whole words that mark an error. Each adds four extra tokens so a new error line stands further from the baseline
 * than a new informational line. CamelCase class names ending in Error/Exception/Failure count as well. Plurals
 * (`errors`, `failures`, `warnings`) do not: they mostly appear in counters such as `Failures: 0, Errors: 0` that
 * every run prints.
 */
const ERROR_WORDS: ReadonlyMap<string, string> = new Map([
  ['error', 'error'], ['fail', 'fail'], ['failed', 'fail'], ['fails', 'fail'], ['failure', 'fail'],
  ['failing', 'fail'], ['warn', 'warn'], ['warning', 'warn'],
]);
const CAMEL_SUFFIXES: readonly (readonly [string, string])[] = [
  ['Error', 'error'], ['Errors', 'error'], ['Exception', 'error'], ['Exceptions', 'error'], ['Failure', 'fail'],
  ['Failures', 'fail'],
];

const MIN_WORD_LENGTH = 4;
const MAX_KEYWORD_LENGTH = 9;

/**
 * Tokenizes one raw line (without its line terminator). Returns the words joined by single spaces; an empty string
 * means "nothing to compare" and such a line is never an anomaly. Never throws.
 */
export function referenceTokenize(raw: string): string {
  let line = raw;
  if (line.indexOf('\x1b') !== -1) line = line.replace(ANSI, '');
  if (maybeSkipped(line) && SKIP_LINE.test(line)) return '';
  line = maskSecrets(line);
  if (line.indexOf('%') !== -1) line = line.replace(URL_ESCAPE, ' ');
  // Version 2: a URL's path is split into words.
  line = line.replace(/:\/\/[^\s]*/g, (url) => url.replace(/\//g, ' '));
  if (line.length >= 12) {
    const runs = longRuns(line);
    if (runs & CLASS_WORD) line = line.replace(RANDOM_STRING, ' RNGN ');
    if (runs & CLASS_HEX_DASH || /tx/i.test(line)) line = line.replace(UUID, ' RNGU ');
  }
  line = line.replace(ALNUM_RUN, maskMixedId);
  if (line.indexOf('-') !== -1) line = line.replace(HEAT_ID, ' HEATID ');
  if (line.indexOf('..') !== -1) line = line.replace(GIT_RANGE, ' RNGG ');
  if (line.indexOf('SHA256:') !== -1) line = line.replace(SSH_FINGERPRINT, ' RNGH ');
  if (line.indexOf('/tmp/') !== -1) line = line.replace(TEMP_PATH, ' RNGP ');
  if (MAYBE_ADDRESS.test(line)) line = line.replace(NETWORK_ADDRESS, ' RNGI ');
  line = line.replace(NUMBER, '');

  let out = '';
  let errorFlags = 0;
  const words = NON_ASCII.test(line) ? WORD : ASCII_WORD;
  words.lastIndex = 0;
  for (let match = words.exec(line); match !== null; match = words.exec(line)) {
    let word = match[0];
    // No date or error word is longer than 9 characters; longer words only matter for snake_case or CamelCase.
    if (word.length <= MAX_KEYWORD_LENGTH || word.indexOf('_') !== -1) {
      const lower = word.toLowerCase();
      if (DATE_WORDS.has(lower)) word = 'DATE';
      else if (word.length < MIN_WORD_LENGTH) continue;
      else errorFlags |= errorFlag(word, lower);
    } else {
      errorFlags |= errorFlag(word, '');
    }
    out = out.length === 0 ? word : out + ' ' + word;
  }
  if (errorFlags & 1) out += ' errorA errorB errorC errorD';
  if (errorFlags & 2) out += ' failA failB failC failD';
  if (errorFlags & 4) out += ' warnA warnB warnC warnD';
  return out;
}

function errorFlag(word: string, lower: string): number {
  let kind = ERROR_WORDS.get(lower) ?? camelErrorKind(word);
  // snake_case identifiers count by their parts: `cleanup_on_failure` names a failure, `failover` does not.
  if (kind === undefined && lower.indexOf('_') > 0) {
    for (const part of lower.split('_')) {
      kind = ERROR_WORDS.get(part);
      if (kind !== undefined) break;
    }
  }
  if (kind === undefined) return 0;
  return kind === 'error' ? 1 : kind === 'fail' ? 2 : 4;
}

function camelErrorKind(word: string): string | undefined {
  for (const [suffix, kind] of CAMEL_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) return kind;
  }
  return undefined;
}

/**
 * Version 7: the value after a secret key reads as RNGS. The key is the letters and underscores before a `=`, or a
 * `:` not followed by another, with blanks and one closing quote allowed between key and separator; password,
 * passwd and secret count after `=` anywhere in the key and after `:` only as the whole key or after an underscore;
 * token likewise, but a bare `token:` only after a dash; pass only after an underscore. The value runs from after the
 * separator and its blanks to the next whitespace, or to the closing quote of a quoted value.
 */
function maskSecrets(line: string): string {
  let out = '';
  let from = 0;
  for (let at = 0; at < line.length; at += 1) {
    const separator = line[at];
    if (separator !== '=' && separator !== ':') continue;
    if (separator === ':' && line[at + 1] === ':') continue;
    const before = /([A-Za-z_]*)(["']?)[ \t]*$/.exec(line.slice(from, at));
    const key = (before?.[1] ?? '').toLowerCase();
    const keyEnd = at - (before?.[0].length ?? 0) + key.length;
    const keyStart = keyEnd - key.length;
    const part = (name: string): boolean => key === name || key.endsWith(`_${name}`);
    let secret = false;
    if (/_pass$/.test(key)) secret = true;
    else if (/(password|passwd|secret)$/.test(key)) secret = separator === '=' || part('password') || part('passwd') || part('secret');
    else if (key.endsWith('token')) secret = separator === '=' || key.endsWith('_token') || (key === 'token' && line[keyStart - 1] === '-');
    if (!secret) continue;
    const blanks = /^[ \t]*/.exec(line.slice(at + 1))?.[0].length ?? 0;
    const start = at + 1 + blanks;
    const quoted = /^(["'])[^]*?\1/.exec(line.slice(start))?.[0];
    const value = quoted ?? /^\S*/.exec(line.slice(start))?.[0] ?? '';
    if (value.length === 0) continue;
    // Version 9: after a colon, a lower-case word is the message going on, not a secret.
    if (separator === ':' && quoted === undefined && /^[a-z]+$/.test(value)) continue;
    out += `${line.slice(from, keyEnd)} RNGS `;
    from = start + value.length;
    at = from - 1;
  }
  return out + line.slice(from);
}
