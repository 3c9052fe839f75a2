// Differential harness for the tokenizer: records what `tokenize` gives for every line of a fixed corpus, then proves a
// rewritten tokenizer gives the same words (or lists exactly which lines changed when a rule changes on purpose).
// Corpus: the 9 conformance datasets (read as latin1, as the conformance runner does), every dev CiDiff case,
// scale-ikasan, and every 10th LogChunks dev case (all baseline and target files).
// Usage (bundle first: npx esbuild scripts/lib/tokenSnapshot.ts --bundle --platform=node --outfile=/tmp/tokenSnapshot.js):
//   node /tmp/tokenSnapshot.js record [snapshotDir]
//   node /tmp/tokenSnapshot.js compare [snapshotDir] [--show 20] [--cached]   (--cached: through the cache, stamps cut)
//   node /tmp/tokenSnapshot.js fuzz [runs]   (random log-like lines against referenceTokenizer.ts)
// The snapshot lives in <os tmp>/logtriage-token-snapshot by default, never in the repository (it holds shared data).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCachedTokenizer, tokenize } from '../../src/core/tokenizer';
import { splitLines } from '../../src/core/lines';
import { referenceTokenize } from './referenceTokenizer';

interface CorpusFile {
  /** Stable name of the file inside the snapshot. */
  readonly key: string;
  readonly path: string;
  readonly encoding: 'latin1' | 'utf8';
}

function corpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const conformance = join(process.cwd(), '..', 'shared', 'data', 'conformance');
  for (const dataset of readdirSync(conformance).sort()) {
    for (const name of readdirSync(join(conformance, dataset)).sort()) {
      if (!name.endsWith('.good') && !name.endsWith('.fail')) continue;
      files.push({ key: `conformance-${dataset}-${name}`, path: join(conformance, dataset, name), encoding: 'latin1' });
    }
  }
  const cases = join(tmpdir(), 'logtriage-dev-cases');
  const names = readdirSync(cases).filter((name) => existsSync(join(cases, name, 'truth.json'))).sort();
  const logchunks = names.filter((name) => name.startsWith('logchunks-'));
  const picked = [
    ...names.filter((name) => name.startsWith('cidiff-') || name.startsWith('scale-')),
    ...logchunks.filter((_, index) => index % 10 === 0),
  ];
  for (const name of picked) {
    for (const side of ['baseline', 'target']) {
      const directory = join(cases, name, side);
      for (const file of readdirSync(directory).sort()) {
        files.push({ key: `${name}-${side}-${file}`, path: join(directory, file), encoding: 'utf8' });
      }
    }
  }
  return files;
}

function tokenizeFile(file: CorpusFile, cached: boolean): { lines: string[]; tokens: string[]; seconds: number } {
  const lines = splitLines(readFileSync(file.path, file.encoding));
  const started = performance.now();
  const tokenizer = cached ? createCachedTokenizer() : tokenize;
  const tokens = lines.map((line) => tokenizer(line));
  return { lines, tokens, seconds: (performance.now() - started) / 1000 };
}

/** Fragments that trigger every rule and every guard, glued at random so boundaries are exercised too. */
const FRAGMENTS = [
  ' ', ' ', ' ', '\t', '-', '--', '.', '..', ':', '::', '/', '_', '%2F', '%3a', '$1$', '*', '* ', '"', '=', ',', '(', ')', '[', ']',
  '0', '7', '42', '255', '256', '1.5', '0x', '0x1f', '0xg', 'x', 'tx', 'TX', 'Tx', 'abc', 'Dec', 'monday', 'MAY', 'error',
  'Error', 'FAILED', 'failure', 'warn', 'Warnings', 'IOError', 'cleanup_on_failure', 'failover', 'errors', 'é', 'ü',
  '日本', '\x1b[1;31m', '\x1b[0m', '\x1bM', 'c0719c36d1a3f268b6bfba4c83aac632f1b546fe', '77ee533dd71e4b888ba76daf08036b45',
  'b932e095-6706-4f5a-bd75-241c407a9d01', 'Z60f0ad207fbb4c55a07d665ef44131a4', 'abcdefghijkl', 'ABCDEFG1234', 'abc1234..def5678',
  'SHA256:', 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC', '/tmp/ansible.abcdefgh', '/tmp/tmpabcdef', '/tmp/tmp.abcdefghij',
  '10.0.1.9', '192.168.1.20', 'fe80::1', 'aa:bb:cc:dd:ee:ff', 'aa-bb-cc-dd-ee-ff', '2001:db8:0:0:0:0:2:1', '02:52:17.732',
  '2017-06-24', 'HEAD is now at', 'Change-Id: ', ' ETA ', 'sshd', 'Invalid user', 'GET / HTTP/1.1', 'ovs-ofctl ', 'dump-flows',
  'iptables ', ' -L', 'Trying other mirror.', 'kernel', 'Bootloader', 'rest_client', 'https://example.org/a/b', 'zuul',
  'echo BECOME-SUCCESS-', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', '+/+/+/+/+/+/+/+/', '1234567890123456',
  '1d312edc0000', 'a1b2c3d4e5f6g', '5b7462c1c8164f2e', '000000000000123', '_z9', 'abcdefghijk_',
  // Guard edges: versions next to addresses, Heat ids by what follows them, ellipses next to git ranges, URLs.
  '2.8.71', '1.2.3.4', '-abcdefghijkl', '-abcdefghijk_', '%41', '+/', 'projects...', '...', '://', 'ftp://h/x y',
  // Secret keys and their values.
  'password', 'PASSWORD', 'Passwd', 'secret', 'token', 'Token', '_pass', 'bypass', ': ', "'", '"x y"', 'Auth-',
  '-abcd', ' = ', '"password"', ':  ',
];

function fuzz(runs: number): number {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let failures = 0;
  for (let run = 0; run < runs; run += 1) {
    let line = '';
    const parts = 1 + Math.floor(random() * 30);
    for (let part = 0; part < parts; part += 1) {
      if (random() < 0.1) line += String.fromCharCode(32 + Math.floor(random() * 95));
      else line += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? '';
    }
    const expected = referenceTokenize(line);
    const actual = tokenize(line);
    if (expected !== actual) {
      failures += 1;
      if (failures <= 20) console.log(`raw: ${JSON.stringify(line)}\n  v1:  ${expected}\n  now: ${actual}`);
    }
  }
  console.log(`fuzz: ${runs} random lines, ${failures} differ from the reference tokenizer`);
  return failures === 0 ? 0 : 1;
}

function main(): number {
  const args = process.argv.slice(2);
  const mode = args[0];
  if (mode === 'fuzz') return fuzz(Number(args[1] ?? 200000));
  const directory = args[1] !== undefined && !args[1].startsWith('--') ? args[1] : join(tmpdir(), 'logtriage-token-snapshot');
  const showIndex = args.indexOf('--show');
  const show = showIndex >= 0 ? Number(args[showIndex + 1]) : 20;
  if (mode !== 'record' && mode !== 'compare') {
    console.error('usage: tokenSnapshot record|compare [snapshotDir] [--show N]');
    return 2;
  }
  if (mode === 'record') mkdirSync(directory, { recursive: true });
  let lineCount = 0;
  let changed = 0;
  let changedFiles = 0;
  let seconds = 0;
  let shown = 0;
  const files = corpus();
  for (const file of files) {
    const { lines, tokens, seconds: spent } = tokenizeFile(file, args.includes('--cached'));
    seconds += spent;
    lineCount += lines.length;
    // Tokens never hold a line break, so one line per source line is unambiguous.
    const snapshotPath = join(directory, `${file.key}.tokens`);
    if (mode === 'record') {
      writeFileSync(snapshotPath, tokens.join('\n'));
      continue;
    }
    const expected = readFileSync(snapshotPath, 'utf8').split('\n');
    let fileChanged = false;
    if (expected.length !== tokens.length) {
      console.log(`${file.key}: ${expected.length} recorded lines, ${tokens.length} now`);
      fileChanged = true;
    }
    for (let index = 0; index < tokens.length; index += 1) {
      if (expected[index] === tokens[index]) continue;
      changed += 1;
      fileChanged = true;
      if (shown < show) {
        shown += 1;
        console.log(`${file.key}:${index + 1}\n  raw: ${JSON.stringify(lines[index])}\n  was: ${expected[index]}\n  now: ${tokens[index]}`);
      }
    }
    if (fileChanged) changedFiles += 1;
  }
  const rate = Math.round(lineCount / seconds);
  if (mode === 'record') {
    console.log(`recorded ${files.length} files, ${lineCount} lines into ${directory} (tokenize ${seconds.toFixed(2)} s, ${rate} lines/s)`);
    return 0;
  }
  console.log(
    `compared ${files.length} files, ${lineCount} lines: ${changed} lines differ in ${changedFiles} files ` +
      `(tokenize ${seconds.toFixed(2)} s, ${rate} lines/s)`,
  );
  return changed === 0 && changedFiles === 0 ? 0 : 1;
}

process.exitCode = main();
