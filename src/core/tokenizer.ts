// Line tokenizer: turns a raw log line into the words that are compared with the baseline.
//
// It follows the Python LogReduce rules (docs/logreduce.md §2) because they reach 100% / 0% on the conformance suite
// and keep the tokens coarse, which is what makes "seen before" robust across runs. It fixes the listed quirks (§12):
// `dec` is December, clock times are not IPv6 addresses, the Apache `OPTIONS *` line is really skipped, error
// weighting looks at whole words (not substrings such as `failover` or `errors=0`), non-ASCII letters are kept as
// word characters instead of vanishing, and placeholders never glue to their neighbours.
// Any change to the produced tokens must bump MODEL_VERSION (modelVersion.ts).
import { AdaptiveCache } from './adaptiveCache';
import { flatCopy } from './lines';

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

/** The literals as one alternation: one regex scan costs about half of fifteen `indexOf` scans. */
const SKIP_LITERAL = new RegExp(SKIP_LITERALS.map(escapeRegExp).join('|'));

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function maybeSkipped(line: string): boolean {
  if (line.length === 64 && line.indexOf(' ') === -1) return true;
  return SKIP_LITERAL.test(line);
}

/** ANSI escape sequences (colours, cursor moves) that CI consoles embed. */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/** URL-encoded characters (`%2F`...). */
const URL_ESCAPE = /%[2345][0-9A-F]/g;

/** Long random strings: base64-ish runs of 64 or 128 characters, SHA-1 and MD5 hex digests. */
// Bounded by non-alphanumerics only, so `<sha1>_<short>` and `refs/<md5>` are caught as in Python (`(?=\b|_)`).
const RANDOM_STRING = /(?<![0-9a-zA-Z])_?(?:[\w+/]{128}|[\w+/]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9a-zA-Z])/g;
/**
 * Identifiers made of letters and many digits (`Z60f0ad207fbb4c55a07d665ef44131a4`, build ids), and short
 * hexadecimal ids of 7 to 11 characters with a digit and a letter (a git commit's short hash `4f2e8ab`, a request
 * id's parts, a ReplicaSet hash): random per run. Erasing a short id's digits left its letters as a word of their
 * own (`Checking out 4f2e8ab` read `Checking feab`), new in every run.
 */
const ALNUM_RUN = /[0-9a-zA-Z]{7,}/g;
const DIGIT = /[0-9]/g;
const HEX_RUN = /^[0-9a-fA-F]+$/;
/** The shortest mixed id that needs no hexadecimal letters, and the digits it needs. */
const MIXED_ID_LENGTH = 12;
const MIXED_ID_DIGITS = 3;
/** The shortest hexadecimal id (git's shortest abbreviation). */
const SHORT_HEX_LENGTH = 7;
function maskMixedId(run: string): string {
  const digits = run.match(DIGIT)?.length ?? 0;
  // An exception or error class name (`ISO8601ParseException`) is kept: that name is what a reader looks for.
  if (digits === 0 || digits === run.length || camelErrorKind(run) !== undefined) return run;
  if (run.length >= MIXED_ID_LENGTH) return digits >= MIXED_ID_DIGITS ? ' RNGN ' : run;
  return HEX_RUN.test(run) ? ' RNGN ' : run;
}

/** UUIDs (dashed or not) and Swift transaction ids. */
const UUID = /(?<![0-9a-zA-Z])_?(?:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|tx[^ ]{32})(?![0-9a-zA-Z])/gi;

/** Heat stack resource suffixes (`-abcdefghijkl`). */
const HEAT_ID = /-\w{12}(?=[- "$]|$)/g;

/** Git revision ranges (`abc1234..def5678`), SSH key fingerprints and random temporary paths. */
const GIT_RANGE = /\b\w{7}\.\.\w{7}\b/g;
/** The text every SSH fingerprint starts with; the line checks look for it before running the regex. */
const FINGERPRINT_PREFIX = 'SHA256:';
const SSH_FINGERPRINT = new RegExp(`${FINGERPRINT_PREFIX}[\\w+/]{43}\\b`, 'g');
// Python 2's tempfile names hold 6 random characters, Python 3's hold 8, and pip adds its own prefixes
// (`/tmp/pip-req-build-xkcdjqwe`).
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

/** A URL from its `://` to the next whitespace; its `/` separate words (see `tokenize`). */
const URL_TAIL = /:\/\/[^\s]*/g;
const SLASH = /\//g;
function splitUrlPath(url: string): string {
  return url.replace(SLASH, ' ');
}

/** A word: a run of letters (any script), `_` or `/`. Everything else separates words. */
const WORD = /[\p{L}_/]+/gu;
/**
 * Cheap guard for NETWORK_ADDRESS: the middle of a dotted quad, `::`, or four hex groups each followed by `:` or `-`
 * (a MAC address may mix them). Clock times (`13:35:54,297`), dates and version numbers (`2.8.71`) pass none of
 * them, and they are on most lines.
 */
const MAYBE_ADDRESS = /[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]|::|[0-9a-fA-F]:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:|[0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]/;

// Character classes for the one-pass guard scan below (ASCII only; other characters end every run).
const CLASS_WORD = 1; // [\w+/]: base64-ish random strings
const CLASS_HEX_DASH = 2; // [0-9a-fA-F-]: UUIDs
const CLASS_ALNUM = 4; // [0-9A-Za-z]: mixed identifiers
const CLASS_IDENT = 8; // \w: Heat ids, git ranges
const CLASS_HEX = 16; // [0-9a-fA-F]: digests
const CLASS_DIGIT = 32;
const CLASS_SPECIAL = 64; // space % - . / : = x X: characters with a rule of their own in the scan
const CHAR_CLASS = new Uint8Array(256);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  let bits = 0;
  if (/[\w+/]/.test(char)) bits |= CLASS_WORD;
  if (/[0-9a-fA-F-]/.test(char)) bits |= CLASS_HEX_DASH;
  if (/[0-9A-Za-z]/.test(char)) bits |= CLASS_ALNUM;
  if (/\w/.test(char)) bits |= CLASS_IDENT;
  if (/[0-9a-fA-F]/.test(char)) bits |= CLASS_HEX;
  if (/[0-9]/.test(char)) bits |= CLASS_DIGIT;
  if (/[ %\-./:=xX]/.test(char)) bits |= CLASS_SPECIAL;
  CHAR_CLASS[code] = bits;
}

/** The class of the letters other than a-f, A-F and x, X. */
const PLAIN_LETTER = CLASS_WORD | CLASS_ALNUM | CLASS_IDENT;
/** The class of a-f and A-F. */
const HEX_LETTER = CLASS_WORD | CLASS_HEX_DASH | CLASS_ALNUM | CLASS_IDENT | CLASS_HEX;
/** The class of 0-9. */
const DIGIT_CHAR = HEX_LETTER | CLASS_DIGIT;

// Bits returned by `scanGuards`: each one is a necessary condition for one substitution to change the line.
const MAY_RANDOM_STRING = 1; // a run of 64+ [\w+/] or of 32+ hexadecimal digits
const MAY_UUID = 2; // a run of 32+ [0-9a-fA-F-], or `tx` (any case) followed by 32+ non-space characters
const MAY_MIXED_ID = 4; // a run of 12+ alphanumerics holding 3+ digits, or of 7-11 hex digits with a digit and a letter
const MAY_HEAT_ID = 8; // `-` then 12 \w and a Heat id's end, or 12+ \w holding a `_` (see heatIdMayMatch)
const MAY_GIT_RANGE = 16; // 7+ \w followed by `..` and a \w
const MAY_ADDRESS = 32; // `::`, 4+ colons or dashes in one run of hex digits and separators, 3+ digit-dot-digit
const HAS_PERCENT = 64;
const HAS_NON_ASCII = 128;
const HAS_SLASH = 256; // for `/tmp/`
const HAS_COLON = 512; // for `SHA256:`
const MAY_SECRET = 1024; // a secret name (password, token…) just before a `=` or `:` (see maskSecretValues)

/**
 * The mixed identifiers `scanGuards` found (maximal runs of 12+ alphanumerics with 3+ digits and a letter, or of
 * 7-11 hexadecimal digits with a digit and a letter: exactly what ALNUM_RUN + maskMixedId replace), as [start, end)
 * pairs, so the word scanner can mask them without a regex pass and a new string. Module scratch: the tokenizer is
 * synchronous and not re-entrant.
 */
const MAX_MASKED_RUNS = 32;
const maskedRuns = new Int32Array(MAX_MASKED_RUNS * 2);
let maskedRunCount = 0;

/**
 * The char codes of the line being tokenized (ASCII exactly, any other character as 128), then four zeros so the
 * scanners may look a few characters past the end. Module scratch, like maskedRuns. The scanners read these bytes
 * rather than calling `charCodeAt`, which V8 dispatches on the string's layout (a slice of a file's text, a flat
 * string...) at every call: the guard scan and the word scanner ran about a fifth faster this way on the lines
 * scale-ikasan tokenizes.
 */
let lineCodes = new Uint8Array(1024);
const ASCII_ENCODER = new TextEncoder();

function fillLineCodes(line: string): Uint8Array {
  const length = line.length;
  if (lineCodes.length < length + 4) lineCodes = new Uint8Array(Math.max(length + 4, lineCodes.length * 2));
  const codes = lineCodes;
  const { read, written } = ASCII_ENCODER.encodeInto(line, codes);
  if (read !== length || written !== length) {
    // Not pure ASCII, so UTF-8 moved the positions: copy code by code (such lines take the regex path anyway).
    for (let index = 0; index < length; index += 1) {
      const code = line.charCodeAt(index);
      codes[index] = code < 128 ? code : 128;
    }
  }
  codes.fill(0, length, length + 4);
  return codes;
}

/**
 * One pass over the char codes that tells which substitutions can apply, so the costly regexes only run on the few
 * lines that can match them (a regex scan per line costs more than this loop by an order of magnitude). Every bit is
 * a necessary condition of its regex on this text; the substitutions pad what they insert with spaces and never add
 * `-`, `.`, `:`, `%` or digits, so a guard computed once on the line stays valid after the earlier substitutions.
 * Runs are tracked by their start index and measured where they end, which keeps the common path (a letter) short.
 */
function scanGuards(line: string, codes: Uint8Array): number {
  let found = 0;
  maskedRunCount = 0;
  /** Start of the alphanumeric run masked as a mixed id that ended at this index, or -1. */
  let maskedHere = -1;
  const length = line.length;
  let wordStart = 0;
  let hexDashStart = 0;
  let hexStart = 0;
  let alnumStart = 0;
  let alnumDigits = 0;
  let identStart = 0;
  /** `:` and `-` met since the last character that is neither one nor a hex digit: MAC and IPv6 separators. */
  let separatorChain = 0;
  let digitDotDigit = 0;
  let txAt = -1;
  let previous = 0;
  for (let index = 0; index <= length; index += 1) {
    const code = codes[index] ?? 0;
    const bits = CHAR_CLASS[code] ?? 0;
    if (bits === PLAIN_LETTER || bits === HEX_LETTER || bits === DIGIT_CHAR) {
      // Letters (but x) and digits continue the word, alphanumeric and identifier runs, and change nothing else but
      // the hex runs, which a letter past f ends, and the count of digits: the loop below does only that, as the
      // general steps would.
      let end = index;
      for (let runBits = bits; ; runBits = CHAR_CLASS[codes[end] ?? 0] ?? 0) {
        if (runBits === PLAIN_LETTER) {
          if (end - hexStart >= 32) found |= MAY_RANDOM_STRING;
          if (end - hexDashStart >= 32) found |= MAY_UUID;
          hexStart = end + 1;
          hexDashStart = end + 1;
          separatorChain = 0;
        } else if (runBits === DIGIT_CHAR) {
          alnumDigits += 1;
        } else if (runBits !== HEX_LETTER) {
          break;
        }
        end += 1;
      }
      maskedHere = -1;
      previous = codes[end - 1] ?? 0;
      index = end - 1;
      continue;
    }
    if (code >= 128) found |= HAS_NON_ASCII;
    /** Where the hexadecimal run ending here started, before this character moves it. */
    const hexRunStart = hexStart;
    if ((bits & CLASS_WORD) === 0) {
      if (index - wordStart >= 64) found |= MAY_RANDOM_STRING;
      wordStart = index + 1;
    }
    if ((bits & CLASS_HEX) === 0) {
      if (index - hexStart >= 32) found |= MAY_RANDOM_STRING;
      hexStart = index + 1;
      // A separator chain only continues through hex digits and separators (a MAC address may mix `:` and `-`).
      if (code !== 58 && code !== 45) separatorChain = 0;
    }
    if ((bits & CLASS_HEX_DASH) === 0) {
      if (index - hexDashStart >= 32) found |= MAY_UUID;
      hexDashStart = index + 1;
    }
    maskedHere = -1;
    if ((bits & CLASS_ALNUM) === 0) {
      const alnumLength = index - alnumStart;
      // A short id must be hexadecimal throughout: no letter past f (hexStart moved past it) and no x.
      const mixedId = alnumLength >= MIXED_ID_LENGTH ? alnumDigits >= MIXED_ID_DIGITS : alnumLength >= SHORT_HEX_LENGTH && alnumDigits > 0 && hexRunStart <= alnumStart;
      if (mixedId) {
        found |= MAY_MIXED_ID;
        // Only runs with a letter are masked (maskMixedId keeps pure numbers, which NUMBER erases later), and not
        // error class names (the CamelCase suffixes of error weighting, as maskMixedId reads them).
        if (alnumLength > alnumDigits && camelErrorKindOfBytes(codes, alnumStart, index) === 0) {
          maskedHere = alnumStart;
          if (maskedRunCount < MAX_MASKED_RUNS) {
            maskedRuns[maskedRunCount * 2] = alnumStart;
            maskedRuns[maskedRunCount * 2 + 1] = index;
          }
          maskedRunCount += 1;
        }
      }
      alnumStart = index + 1;
      alnumDigits = 0;
    } else if (bits & CLASS_DIGIT) {
      alnumDigits += 1;
    }
    if ((bits & CLASS_IDENT) === 0) {
      const identLength = index - identStart;
      if (identLength >= 12 && line.charCodeAt(identStart - 1) === 45 && maskedHere !== identStart && heatIdMayMatch(line, identStart, index, code)) {
        found |= MAY_HEAT_ID;
      }
      if (code === 46 && identLength >= 7 && line.charCodeAt(index + 1) === 46 && isIdentCode(line.charCodeAt(index + 2))) {
        found |= MAY_GIT_RANGE;
      }
      identStart = index + 1;
    }
    if (bits & CLASS_SPECIAL) {
      switch (code) {
        case 32:
          if (txAt >= 0 && index - txAt >= 34) found |= MAY_UUID;
          txAt = -1;
          break;
        case 37:
          found |= HAS_PERCENT;
          break;
        case 45:
          if (++separatorChain >= 4) found |= MAY_ADDRESS;
          break;
        case 46:
          if (previous >= 48 && previous <= 57) {
            const next = line.charCodeAt(index + 1);
            if (next >= 48 && next <= 57) digitDotDigit += 1;
          }
          break;
        case 47:
          found |= HAS_SLASH;
          break;
        case 58:
          found |= HAS_COLON;
          if (previous === 58 || ++separatorChain >= 4) found |= MAY_ADDRESS;
          if ((found & MAY_SECRET) === 0 && secretNameEndsAt(codes, index)) found |= MAY_SECRET;
          break;
        case 61:
          if ((found & MAY_SECRET) === 0 && secretNameEndsAt(codes, index)) found |= MAY_SECRET;
          break;
        default: // x or X
          if (txAt < 0 && (previous === 116 || previous === 84)) txAt = index - 1;
      }
    }
    previous = code;
  }
  if (txAt >= 0 && length - txAt >= 34) found |= MAY_UUID;
  if (digitDotDigit >= 3) found |= MAY_ADDRESS;
  return found;
}

function isIdentCode(code: number): boolean {
  return code < 128 && ((CHAR_CLASS[code] ?? 0) & CLASS_IDENT) !== 0;
}

/**
 * Whether HEAT_ID (`-` + exactly 12 \w + one of `- "$` or the end) can match at the `-` before the \w run
 * [start, end) of 12 or more characters, which the mixed-id mask does not replace whole. The substitutions that run
 * before HEAT_ID can only change that by: turning the character after the run into a space (`%xx` escapes, a URL's
 * `/`), or cutting a longer run short where a `_` lets a random string, a UUID or a mask start inside it or just
 * after it. Later substitutions cannot matter, HEAT_ID has run by then. So a run without `_` can only match when it
 * is exactly 12 long and what follows is one of the characters above, `%`, `/` or the end.
 */
function heatIdMayMatch(line: string, start: number, end: number, after: number): boolean {
  const underscore = line.indexOf('_', start);
  if (underscore !== -1 && underscore < end) return true;
  return end - start === 12 && (after === 45 || after === 32 || after === 34 || after === 36 || after === 37 || after === 47 || after === 0);
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
export function tokenize(raw: string): string {
  let line = raw;
  if (line.indexOf('\x1b') !== -1) line = line.replace(ANSI, '');
  if (maybeSkipped(line) && SKIP_LINE.test(line)) return '';
  const codes = fillLineCodes(line);
  let guards = scanGuards(line, codes);
  // Most lines need no substitution, or only the mixed-id mask and the URL split, which the word scanner applies
  // itself; the rest take the regex path below, in the rules' order.
  // More mixed ids than the scan recorded can only be masked by the regex path, whatever the other guards say.
  const unrecordedIds = (guards & MAY_MIXED_ID) !== 0 && maskedRunCount > MAX_MASKED_RUNS;
  if (!unrecordedIds && ((guards & (SLOW_PATH_GUARDS | HAS_COLON | HAS_SLASH | MAY_ADDRESS)) === 0 || !needsRegexPath(line, guards))) {
    const masked = (guards & MAY_MIXED_ID) !== 0 ? maskedRunCount : 0;
    return asciiWords(line, codes, masked, (guards & HAS_COLON) !== 0 && line.indexOf('://') !== -1);
  }
  // Secrets go first, so no later rule sees a part of one (a URL's path, an id) and keeps the rest. Masking can make
  // what a guard ruled out (`-abcdpassword=x` leaves `-abcdpassword`, a Heat id's shape): the guards are taken again.
  if (guards & MAY_SECRET) {
    const masked = maskSecretValues(line);
    if (masked !== line) {
      line = masked;
      guards = scanGuards(line, fillLineCodes(line));
    }
  }
  if (guards & HAS_PERCENT) line = line.replace(URL_ESCAPE, ' ');
  // A URL's path is split into its parts: download and link URLs differ between runs by a version or an artifact
  // name, and one whole-path token would make such a line look new. File paths outside URLs stay whole: a new path
  // in a stack trace or a compiler message is worth seeing. Split first, so a long URL path is not taken for a
  // random string (64 or more `[\w+/]`) and masked whole.
  if (guards & HAS_COLON && line.indexOf('://') !== -1) line = line.replace(URL_TAIL, splitUrlPath);
  if (guards & MAY_RANDOM_STRING) line = line.replace(RANDOM_STRING, ' RNGN ');
  if (guards & MAY_UUID) line = line.replace(UUID, ' RNGU ');
  if (guards & MAY_MIXED_ID) line = line.replace(ALNUM_RUN, maskMixedId);
  if (guards & MAY_HEAT_ID) line = line.replace(HEAT_ID, ' HEATID ');
  if (guards & MAY_GIT_RANGE) line = line.replace(GIT_RANGE, ' RNGG ');
  if (guards & HAS_COLON && line.indexOf(FINGERPRINT_PREFIX) !== -1) line = line.replace(SSH_FINGERPRINT, ' RNGH ');
  if (guards & HAS_SLASH && line.indexOf('/tmp/') !== -1) line = line.replace(TEMP_PATH, ' RNGP ');
  if (guards & MAY_ADDRESS && MAYBE_ADDRESS.test(line)) line = line.replace(NETWORK_ADDRESS, ' RNGI ');
  return guards & HAS_NON_ASCII ? unicodeWords(line.replace(NUMBER, '')) : asciiWords(line, fillLineCodes(line), 0, false);
}

/** Guards that always send a line down the regex path. */
const SLOW_PATH_GUARDS = HAS_PERCENT | MAY_RANDOM_STRING | MAY_UUID | MAY_HEAT_ID | MAY_GIT_RANGE | HAS_NON_ASCII | MAY_SECRET;

/**
 * Whether a substitution other than the mixed-id mask and the URL split can change the line (a line with more ids
 * than the scan records never gets here). The checks are the regex path's own guards on the original line; substitutions only replace
 * characters with space-padded placeholders (the URL split only turns `/` into spaces), so a guard that fails on
 * the original line fails on the substituted one too. The URL split goes first on the regex path, and what follows
 * it here (the mask, which reads alphanumeric runs only) does not see a `/`, so the word scanner may apply both.
 */
function needsRegexPath(line: string, guards: number): boolean {
  if (guards & SLOW_PATH_GUARDS) return true;
  if (guards & HAS_COLON && line.indexOf(FINGERPRINT_PREFIX) !== -1) return true;
  if (guards & HAS_SLASH && line.indexOf('/tmp/') !== -1) return true;
  return (guards & MAY_ADDRESS) !== 0 && MAYBE_ADDRESS.test(line);
}

/** Lines longer than this are not cached: V8 hashes only a string's first 16k characters, and long lines rarely repeat. */
const MAX_CACHED_LINE = 4096;

// Character kinds of a leading time stamp (`2018-03-23 07:41:11.140  9003 `, `2024-05-01T10:00:00Z | `).
const STAMP_DIGIT = 1;
const STAMP_LETTER = 2; // T, Z and `/`: word characters that dates carry
const STAMP_SEPARATOR = 3;
const STAMP_SPACE = 4;
const STAMP_KIND = new Uint8Array(128);
for (const char of '0123456789') STAMP_KIND[char.charCodeAt(0)] = STAMP_DIGIT;
for (const char of 'TZ/') STAMP_KIND[char.charCodeAt(0)] = STAMP_LETTER;
for (const char of ':.,-+|') STAMP_KIND[char.charCodeAt(0)] = STAMP_SEPARATOR;
STAMP_KIND[32] = STAMP_SPACE;

/**
 * Length of the line's leading stamp that yields no token and cannot change how the rest is tokenized, up to and
 * including its last space; 0 when there is none. Most log lines differ from their neighbours only by such a stamp,
 * so caching tokens by what follows it turns unique lines into repeats (scale-ikasan: 129k distinct lines, 77k
 * distinct rests). The stamp must be inert under every rule, which the limits below ensure for each part between
 * spaces (every rule that could match in it needs more than the limit allows):
 * - fewer than 32 characters (random strings, digests and UUIDs need 32 or more);
 * - runs of digits, T, Z and `/` shorter than 12 (mixed ids and Heat ids need 12);
 * - at most two letters or slashes, so no word of 3 characters forms when the numbers between them are
 *   erased (a decimal number takes its dot with it: `T1.5TZ` reads `TTZ`);
 * - at most one dot and no `..` (IPv4 addresses and git ranges need two), at most three colons and no `::` (IPv6
 *   and MAC addresses), at most three dashes (dashed MAC addresses), and at most four `:` or `-` in a row of
 *   digits and those separators (a MAC address may mix them: `12:34-56:78-90:12`).
 * Skip rules could still see the seam: the rest must not start with `ETA ` (the skipped ` ETA ` pattern would then
 * need the stamp's space), must not be 64 characters without a space (skipped alone, not after a stamp), and must
 * hold no escape sequence (removing it could make either happen). A stamp-free rest gives the same tokens as the
 * whole line, which the tokenizer's property test checks on random stamps.
 */
export function inertStampLength(raw: string): number {
  let cut = 0;
  let partLength = 0;
  let runLength = 0;
  let letters = 0;
  let dots = 0;
  let colons = 0;
  let dashes = 0;
  let separatorChain = 0;
  let previous = 0;
  const length = raw.length;
  for (let index = 0; index < length; index += 1) {
    const code = raw.charCodeAt(index);
    const kind = code < 128 ? (STAMP_KIND[code] ?? 0) : 0;
    if (kind === 0) break;
    if (kind === STAMP_SPACE) {
      cut = index + 1;
      partLength = 0;
      runLength = 0;
      letters = 0;
      dots = 0;
      colons = 0;
      dashes = 0;
      separatorChain = 0;
    } else {
      if (++partLength >= 32) break;
      if (kind === STAMP_SEPARATOR) {
        runLength = 0;
        if (code === 46 && (++dots > 1)) break;
        if (code === 58 && (++colons > 3 || previous === 58)) break;
        if (code === 45 && ++dashes > 3) break;
        if (code === 58 || code === 45) {
          if (++separatorChain > 4) break;
        } else {
          separatorChain = 0;
        }
      } else if (++runLength >= 12 || (kind === STAMP_LETTER && ++letters > 2)) {
        break;
      } else if (kind === STAMP_LETTER) {
        separatorChain = 0;
      }
    }
    previous = code;
  }
  if (cut === 0 || cut === length) return 0;
  if (length - cut === 64 || raw.startsWith('ETA ', cut) || raw.indexOf('\x1b', cut) !== -1) return 0;
  return cut;
}

/**
 * What can make a line's tokens depend on which digits it holds rather than only where: a URL escape (`%2F` and
 * `%41` are not read alike), a digit before `x` (`0x1f` is a hex number, `5x1f` is not), and the skip and
 * fingerprint literals that hold digits (taken from those rules' own lists, so a new such literal is covered).
 * Every other rule reads a digit as "a digit" (numbers are erased, ids and addresses are runs of digits and
 * letters), except dotted quads, whose parts are read by value (0-255).
 */
const DIGIT_VALUES_MATTER = new RegExp(
  ['%', '[0-9]x', ...[FINGERPRINT_PREFIX, ...SKIP_LITERALS].filter((literal) => /[0-9]/.test(literal)).map(escapeRegExp)].join('|'),
);
const DIGIT_DOT_BEFORE_DIGIT = /[0-9]\.(?=[0-9])/g;
const NONZERO_DIGIT = /[1-9]/g;

/**
 * The line with every digit made `0`, when that cannot change its tokens (see DIGIT_VALUES_MATTER; a dotted quad
 * needs three digit-dot-digit), or the line itself. Lines that differ only by their numbers (a pid, a duration, a
 * clock time inside the message) then share one cache entry: scale-ikasan has 33k such keys instead of 77k.
 */
export function digitBlindKey(key: string): string {
  if (DIGIT_VALUES_MATTER.test(key)) return key;
  DIGIT_DOT_BEFORE_DIGIT.lastIndex = 0;
  for (let dots = 0; DIGIT_DOT_BEFORE_DIGIT.exec(key) !== null; ) {
    if (++dots === 3) return key;
  }
  return key.replace(NONZERO_DIGIT, '0');
}

/**
 * A tokenizer that remembers the tokens of the raw lines it has seen, keyed by the line without its inert stamp.
 * Logs repeat whole lines a lot (scale-ikasan: 388k lines, 129k distinct, 77k without their stamps), within a run
 * and between the baseline and the target, and a map lookup costs far less than tokenizing. A repeated line also
 * gets the same token string object back, whose hash V8 keeps, so the de-duplication maps downstream stay cheap.
 * A line missing from the cache is looked up again by its digit-blind key (see `digitBlindKey`) before it is
 * tokenized; only misses pay for that key, so lines that repeat exactly cost no more than before.
 * The cache holds at most `limit` lines, and steps aside while lines never repeat (see AdaptiveCache).
 *
 * A key cut from a file's text keeps that whole text alive for as long as the key stays cached. Pass `copyKey` for
 * lines of a text that should be freed after use (a target file): the cache then keeps a copy. The copy costs about
 * a seventh of the cached tokenizer's time on mostly distinct lines (LogChunks), so lines of a text that stays alive
 * anyway (a baseline file, whose lines the index keeps) are cached as they are.
 */
export function createCachedTokenizer(limit = 1 << 18): (raw: string, copyKey?: boolean) => string {
  const cache = new AdaptiveCache<string>({ limit });
  return (raw: string, copyKey = false): string => {
    if (raw.length > MAX_CACHED_LINE) return tokenize(raw);
    const stamp = inertStampLength(raw);
    const key = stamp === 0 ? raw : raw.slice(stamp);
    let tokens = cache.get(key);
    if (tokens !== undefined) return tokens;
    if (cache.bypassing) return tokenize(key);
    // A fresh string made by `replace`, so it holds no reference to the file's text and needs no copy.
    const blind = digitBlindKey(key);
    if (blind !== key) {
      tokens = cache.get(blind);
      if (tokens === undefined) {
        tokens = tokenize(key);
        cache.set(blind, tokens);
      }
    } else {
      tokens = tokenize(key);
    }
    cache.set(copyKey ? flatCopy(key) : key, tokens);
    return tokens;
  };
}

/** Adds the error weighting tokens for the kinds seen. */
function withErrorTokens(out: string, errorFlags: number): string {
  for (const [flag, tokens] of ERROR_TOKENS) if (errorFlags & flag) out += tokens;
  return out;
}

/** The tokens each error kind adds (by its flag, see errorKindFlag), each after a space. */
const ERROR_TOKENS: readonly (readonly [number, string])[] = [
  [1, ' errorA errorB errorC errorD'],
  [2, ' failA failB failC failD'],
  [4, ' warnA warnB warnC warnD'],
];

/** Lower-cased first letters of the date and error words: a word starting with another character needs no lookup. */
const KEYWORD_FIRST = new Uint8Array(128);
for (const char of 'smtwfjaonde') KEYWORD_FIRST[char.charCodeAt(0)] = 1;

/** Word rules shared by both word scanners: dates, the length filter, error weighting. Returns the kept word or ''. */
let wordErrorFlags = 0;
function keepWord(word: string): string {
  const length = word.length;
  // The shortest date word has 3 letters, and shorter words are dropped anyway.
  if (length < 3) return '';
  const underscore = word.indexOf('_') !== -1;
  // No date or error word is longer than 9 characters; longer words only matter for snake_case or CamelCase.
  if (length <= MAX_KEYWORD_LENGTH || underscore) {
    const first = word.charCodeAt(0) | 32;
    if (underscore || (first < 128 && KEYWORD_FIRST[first] === 1)) {
      const lower = word.toLowerCase();
      if (DATE_WORDS.has(lower)) return 'DATE';
      if (length < MIN_WORD_LENGTH) return '';
      wordErrorFlags |= errorFlag(word, lower);
      return word;
    }
    if (length < MIN_WORD_LENGTH) return '';
  }
  wordErrorFlags |= errorFlag(word, '');
  return word;
}

function unicodeWords(line: string): string {
  const out: string[] = [];
  wordErrorFlags = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(line); match !== null; match = WORD.exec(line)) {
    const word = keepWord(match[0]);
    if (word.length !== 0) out.push(word);
  }
  return withErrorTokens(joinWords(out), wordErrorFlags);
}

/**
 * The words joined by single spaces, in a string of its own: a word is a slice of the line (V8 makes a slice of 13
 * characters or more a view of its parent), so a token line of one word, returned as it is, would keep the whole
 * text of its file alive in every cache that holds it. `join` builds a new string from two words on.
 */
function joinWords(out: readonly string[]): string {
  return out.length === 0 ? '' : out.length === 1 ? flatCopy(out[0] ?? '') : out.join(' ');
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/**
 * Secrets: the value after a password, secret or token key (`OS_PASSWORD=…`, `password: …`, `auth_token=…`,
 * `X-Auth-Token: …`, `ansible_become_pass=…`) reads as RNGS. A generated secret differs in every run, and without
 * this a line holding one looks new each time (or, when it has digits, is masked only as any id would be); a secret
 * also has no business in a token line the report, the panel and the hover show. `lowerKey` is the letters and
 * underscores before the separator, lower-cased. After a colon the name must be a part of its own
 * (`admin_password:`, not `RemoveAccessPassword: migrating`, a migration's name), and a bare `token:` is left alone
 * (`Invalid token: expired` is a message); `pass` only counts as a key's last part (`db_pass`, not `bypass`).
 */
export function isSecretKey(lowerKey: string, afterDash: boolean, separator: string): boolean {
  for (const name of SECRET_NAMES) {
    if (!lowerKey.endsWith(name)) continue;
    const before = lowerKey.length - name.length;
    const ownPart = before === 0 || lowerKey.charCodeAt(before - 1) === 95;
    if (name === 'pass') return before > 0 && ownPart;
    if (separator === '=') return true;
    if (!ownPart) return false;
    return name !== 'token' || before > 0 || afterDash;
  }
  return false;
}

const SECRET_NAMES = ['password', 'passwd', 'secret', 'token', 'pass'];
const SECRET_NAME_CODES = SECRET_NAMES.map((name) => [...name].map((char) => char.charCodeAt(0)));
/** A key (letters and underscores), an optional closing quote (JSON, YAML), blanks, and the separator. */
const SECRET_KEY_CANDIDATE = /([A-Za-z_]+)(["']?)[ \t]*([=:])/g;

/**
 * Whether one of the secret names (any case) ends just before `at` in `codes`, past any blanks and one closing
 * quote before the separator there: the guard scan's cue (MAY_SECRET) to send the line down the regex path, which
 * masks secrets first. It fires wherever maskSecretValues can mask (and sometimes where it then does not, which only
 * costs time).
 */
function secretNameEndsAt(codes: Uint8Array, at: number): boolean {
  let end = at;
  while (end > 0 && (codes[end - 1] === 32 || codes[end - 1] === 9)) end -= 1;
  if (end > 0 && (codes[end - 1] === 34 || codes[end - 1] === 39)) end -= 1;
  const last = (codes[end - 1] ?? 0) | 32;
  if (last !== 100 && last !== 110 && last !== 115 && last !== 116) return false;
  for (const name of SECRET_NAME_CODES) {
    const start = end - name.length;
    if (start < 0) continue;
    let offset = 0;
    while (offset < name.length && ((codes[start + offset] ?? 0) | 32) === name[offset]) offset += 1;
    if (offset === name.length) return true;
  }
  return false;
}

/**
 * The line with each secret value (see isSecretKey) replaced by RNGS. The key may be quoted (`"password": "x"`) and
 * blanks may sit around the separator (`password = x`); the separator is `=`, or `:` but not `::` (a scope). The
 * value runs to the next whitespace, or for a quoted value to its closing quote on the line.
 */
export function maskSecretValues(line: string): string {
  let out = '';
  let copied = 0;
  SECRET_KEY_CANDIDATE.lastIndex = 0;
  for (let match = SECRET_KEY_CANDIDATE.exec(line); match !== null; match = SECRET_KEY_CANDIDATE.exec(line)) {
    const key = match[1] ?? '';
    const separator = match[3] ?? '';
    const keyEnd = match.index + key.length;
    const separatorAt = match.index + match[0].length - 1;
    if (!isSecretKey(key.toLowerCase(), line.charAt(match.index - 1) === '-', separator)) continue;
    if (separator === ':' && line.charAt(separatorAt + 1) === ':') continue;
    let start = separatorAt + 1;
    while (line.charAt(start) === ' ' || line.charAt(start) === '\t') start += 1;
    const quote = line.charAt(start);
    const closing = quote === '"' || quote === "'" ? line.indexOf(quote, start + 1) : -1;
    let end = closing + 1;
    if (closing < 0) {
      end = start;
      while (end < line.length && !WHITESPACE.test(line.charAt(end))) end += 1;
    }
    if (end === start) continue;
    // After a colon, a lower-case word is the message going on (`secret: error reading from server`, `password:
    // authentication failed`), not a generated secret: masking it hid the very word that says what failed.
    if (separator === ':' && closing < 0 && MESSAGE_WORD.test(line.slice(start, end))) continue;
    out += `${line.slice(copied, keyEnd)} RNGS `;
    copied = end;
    SECRET_KEY_CANDIDATE.lastIndex = end;
  }
  return copied === 0 ? line : out + line.slice(copied);
}

const WHITESPACE = /\s/;
const MESSAGE_WORD = /^[a-z]+$/;

/**
 * Words of a pure-ASCII line (`codes`: its char codes, see fillLineCodes) in one pass, with numbers erased as `NUMBER` would (`0x` + 2 or more hex digits, or
 * digits with an optional decimal part). An erased number does not end a word: `abc1def` gives `abcdef`, as erasing
 * first and splitting after does. With `splitUrls`, a `/` from a `://` to the next whitespace separates words, as
 * URL_TAIL's split does.
 * The kept words are copied, with their separating spaces, into one byte buffer that becomes the token line in one
 * step: cutting each word out of the line and joining them cost about a quarter more (synthetic lines: 1.9 → 1.4 µs).
 */
function asciiWords(line: string, codes: Uint8Array, maskedCount: number, splitUrls: boolean): string {
  const length = line.length;
  // The token line is at most 1.25 times the line (a 3-letter date word and its separator become ` DATE`) plus the
  // error tokens: twice the length and some leeway always hold it (a typed array drops writes past its end).
  if (outBytes.length < length * 2 + 128) outBytes = newOutBytes(length * 2 + 128);
  const bytes = outBytes;
  wordErrorFlags = 0;
  /** Bytes written; the token line is bytes [0, written). */
  let written = 0;
  /** Where the current word's bytes start in `bytes`, or -1 outside a word. */
  let wordOut = -1;
  let hash = 0;
  let underscore = false;
  let index = 0;
  /** Next masked mixed id (see maskedRuns): where it starts, or past the end when none is left. */
  let maskOrder = 0;
  let maskStart = maskedCount > 0 ? (maskedRuns[0] ?? length + 1) : length + 1;
  /** End of the URL tail in progress (its `/` separate words), or -1. */
  let urlEnd = -1;
  while (index <= length) {
    let code = codes[index] ?? 0;
    // A masked id reads as ` RNGN `: the space ends the word in progress (below), then RNGN is a word of its own.
    const masked = index === maskStart;
    if (masked) code = 32;
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code === 47 && index >= urlEnd)) {
      if (wordOut < 0) {
        if (written > 0) bytes[written++] = 32;
        wordOut = written;
        hash = 0;
        underscore = false;
      }
      bytes[written++] = code;
      hash = (Math.imul(hash, 31) + (code | 32)) | 0;
      if (code === 95) underscore = true;
      index += 1;
      for (let next = codes[index] ?? 0; index < maskStart && ((next | 32) - 97) >>> 0 < 26; next = codes[index] ?? 0) {
        bytes[written++] = next;
        hash = (Math.imul(hash, 31) + (next | 32)) | 0;
        index += 1;
      }
      continue;
    }
    if (code >= 48 && code <= 57) {
      // Erase one number; the word (if any) continues after it. A masked id ahead is already ` RNGN ` when the
      // regex path erases numbers, so a number stops where one starts (`1.2345678abcdef` is `1.` and an id).
      const limit = maskStart < length ? maskStart : length;
      let end = index + 1;
      if (code === 48 && (codes[end] ?? 0) === 120 && isHexCode(codes[end + 1] ?? 0) && isHexCode(codes[end + 2] ?? 0)) {
        end += 3;
        while (end < limit && isHexCode(codes[end] ?? 0)) end += 1;
      } else {
        while (end < limit && isDigitCode(codes[end] ?? 0)) end += 1;
        if (end + 1 < limit && (codes[end] ?? 0) === 46 && isDigitCode(codes[end + 1] ?? 0)) {
          end += 2;
          while (end < limit && isDigitCode(codes[end] ?? 0)) end += 1;
        }
      }
      index = end;
      continue;
    }
    if (wordOut >= 0) {
      // Words under 3 characters are dropped whatever they are; a word that is no date or error word (its hash says
      // so) only needs the length filter and the CamelCase check, on its bytes: no string made for it.
      written = endWord(bytes, wordOut, written, hash, underscore);
      wordOut = -1;
    }
    if (splitUrls && code === 58 && (codes[index + 1] ?? 0) === 47 && (codes[index + 2] ?? 0) === 47) {
      urlEnd = index + 3;
      while (urlEnd < length && !isAsciiSpaceCode(codes[urlEnd] ?? 0)) urlEnd += 1;
    }
    if (masked) {
      written = writeAscii(bytes, written, written > 0 ? ' RNGN' : 'RNGN');
      index = maskedRuns[maskOrder * 2 + 1] ?? length;
      maskOrder += 1;
      maskStart = maskOrder < maskedCount ? (maskedRuns[maskOrder * 2] ?? length + 1) : length + 1;
      continue;
    }
    index += 1;
  }
  if (wordErrorFlags !== 0) written = appendErrorTokens(bytes, written, wordErrorFlags);
  return written === 0 ? '' : asciiString(bytes, written);
}

/**
 * Settles the word just scanned, bytes [start, end) of `bytes` (after a separating space when start > 0): drops it,
 * keeps it, or writes DATE instead, as `keepWord` does; returns where the next byte goes.
 */
function endWord(bytes: Uint8Array, start: number, end: number, hash: number, underscore: boolean): number {
  const wordLength = end - start;
  const dropped = start > 0 ? start - 1 : 0;
  if (wordLength < 3) return dropped;
  if (underscore || (wordLength <= MAX_KEYWORD_LENGTH && KEYWORD_HASHES.has(hash))) {
    const word = keepWord(asciiString(bytes, end, start));
    if (word.length === 0) return dropped;
    if (word === 'DATE') return writeAscii(bytes, start, 'DATE');
    return end;
  }
  if (wordLength < MIN_WORD_LENGTH) return dropped;
  const kind = camelErrorKindOfBytes(bytes, start, end);
  if (kind !== 0) wordErrorFlags |= kind;
  return end;
}

/** camelErrorKind on bytes [start, end) of `bytes`, as an error flag (0 for none). */
function camelErrorKindOfBytes(bytes: Uint8Array, start: number, end: number): number {
  const last = bytes[end - 1] ?? 0;
  if (last !== 114 && last !== 115 && last !== 110 && last !== 101) return 0;
  for (let suffix = 0; suffix < CAMEL_SUFFIX_CODES.length; suffix += 1) {
    const codes = CAMEL_SUFFIX_CODES[suffix] ?? [];
    if (end - start <= codes.length) continue;
    let matches = true;
    for (let offset = 0; offset < codes.length; offset += 1) {
      if (bytes[end - codes.length + offset] !== codes[offset]) {
        matches = false;
        break;
      }
    }
    if (matches) return CAMEL_SUFFIX_FLAGS[suffix] ?? 0;
  }
  return 0;
}

const CAMEL_SUFFIX_CODES = CAMEL_SUFFIXES.map(([suffix]) => Array.from(suffix, (char) => char.charCodeAt(0)));
const CAMEL_SUFFIX_FLAGS = CAMEL_SUFFIXES.map(([, kind]) => errorKindFlag(kind));

/** Writes ASCII `text` at `at`; returns where the next byte goes. */
function writeAscii(bytes: Uint8Array, at: number, text: string): number {
  for (let offset = 0; offset < text.length; offset += 1) bytes[at + offset] = text.charCodeAt(offset);
  return at + text.length;
}

/** The error weighting tokens (see withErrorTokens), written after the words. */
function appendErrorTokens(bytes: Uint8Array, written: number, flags: number): number {
  let at = written;
  for (const [flag, tokens] of ERROR_TOKENS) if (flags & flag) at = writeAscii(bytes, at, tokens);
  return at;
}

/** Node's Buffer, where the runtime has one (see asciiString). */
const NODE_BUFFER = typeof Buffer === 'function' ? Buffer : undefined;

/** The token line's bytes as `asciiWords` writes them: module scratch like lineCodes. */
let outBytes = newOutBytes(1024);

function newOutBytes(size: number): Uint8Array {
  return NODE_BUFFER ? NODE_BUFFER.allocUnsafe(size) : new Uint8Array(size);
}

const LATIN1 = new TextDecoder('latin1');

/**
 * ASCII bytes [start, end) of `bytes` (always `outBytes`) as a string of its own, so no cache that keeps it keeps a
 * file's text alive. Node's Buffer makes a one-byte string straight from the bytes; the TextDecoder serves a runtime
 * without Buffer. Chosen once: this runs for every token line.
 */
const asciiString: (bytes: Uint8Array, end: number, start?: number) => string = NODE_BUFFER
  ? (bytes, end, start = 0) => (bytes as Buffer).toString('latin1', start, end)
  : (bytes, end, start = 0) => LATIN1.decode(bytes.subarray(start, end));

/** Case-folded hashes (as `asciiWords` computes them) of every date and error word. */
const KEYWORD_HASHES = new Set<number>();
for (const word of [...DATE_WORDS, ...ERROR_WORDS.keys()]) {
  let hash = 0;
  for (let index = 0; index < word.length; index += 1) hash = (Math.imul(hash, 31) + (word.charCodeAt(index) | 32)) | 0;
  KEYWORD_HASHES.add(hash);
}

/** `\s` in ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
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
  return kind === undefined ? 0 : errorKindFlag(kind);
}

function errorKindFlag(kind: string): number {
  return kind === 'error' ? 1 : kind === 'fail' ? 2 : 4;
}

function camelErrorKind(word: string): string | undefined {
  // Every suffix ends in r, s, n or e: one character code rules out most words.
  const last = word.charCodeAt(word.length - 1);
  if (last !== 114 && last !== 115 && last !== 110 && last !== 101) return undefined;
  for (const [suffix, kind] of CAMEL_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) return kind;
  }
  return undefined;
}
