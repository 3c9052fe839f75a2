import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleForTest } from '../../fixtures/bundle';
import { REPORT_VERSION, type FileReport, type Report } from '../../../src/core/report';
import { formatFile, formatReport, jsonOutputProblem, terminalSafe } from '../../../src/cli/format';
import { parseDiffArgs, UsageError } from '../../../src/cli/main';
import { helperThread } from '../../../src/cli/helperThread';

const BASIC = '../shared/data/conformance/basic-01';

/** The expected anomaly texts of basic-01 as its inf.yaml lists them. */
function basicExpected(): string[] {
  const yaml = readFileSync(path.join(BASIC, 'inf.yaml'), 'utf8').split('\n');
  return yaml.flatMap((line, i) => (/line:\s*\|\s*$/.test(line) ? [yaml[i + 1]!.trim()] : []));
}

describe('log-triage CLI (bundled, spawned)', function () {
  let work: string;
  let cli: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'log-triage-cli-'));
    cli = path.join(work, 'cli.js');
    await bundleForTest('src/cli/main.ts', cli);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('diff prints each anomaly as "distance | file:line | text", context with "-", and the summary', () => {
    const target = path.join(BASIC, 'log.fail');
    const { code, stdout, stderr } = run('diff', path.join(BASIC, 'log.good'), '--target', target);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    const targetLines = readFileSync(target, 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    for (const expected of basicExpected()) {
      const lineNumber = targetLines.findIndex((l) => l.includes(expected)) + 1;
      assert.ok(lineNumber > 0, `${expected} is in the target`);
      const shown = lines.find((l) => l.includes(`${target}:${lineNumber} `));
      assert.ok(shown, `line ${lineNumber} printed:\n${stdout}`);
      assert.match(shown, new RegExp(`^[01]\\.\\d{3} \\| ${target.replace(/[.]/g, '\\.')}:${lineNumber} +\\| .*${expected}$`));
    }
    const context = lines.filter((l) => /^ {5} - /.test(l));
    assert.ok(context.length > 0, 'context lines are printed and marked with "-"');
    for (const line of context) assert.ok(!line.includes(' | '), `context line looks like an anomaly: ${line}`);
    assert.ok(lines.includes('--'), 'blocks are separated by --');
    assert.match(stdout, new RegExp(`\\n2 of ${targetLines.length} lines reported \\(2 distinct anomalies in 1 of 1 target file`));
  });

  it('refuses a --json file it cannot write before analysing (exit 2), and exits 2 when nothing could be compared', () => {
    const missing = path.join(work, 'no-such-folder', 'out.json');
    const refused = run('diff', path.join(BASIC, 'log.good'), '--target', path.join(BASIC, 'log.fail'), '--json', missing);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /cannot write the JSON report to .*out\.json: no folder/);
    assert.equal(refused.stdout, '');
    assert.equal(run('diff', path.join(BASIC, 'log.good'), '--target', path.join(BASIC, 'log.fail'), '--json', work).code, 2, 'a folder is no file');
    const empty = path.join(work, 'empty-baseline.log');
    writeFileSync(empty, '');
    const nothing = run('diff', empty, '--target', path.join(BASIC, 'log.fail'));
    assert.equal(nothing.code, 2, nothing.stderr);
    assert.match(nothing.stderr, /nothing was compared: no baseline line could be read/);
    // The report is still printed: it says what was read and what was skipped.
    assert.match(nothing.stdout, /lines reported/);
    // An empty target folder, and a target of binary files only, compare nothing either.
    const emptyFolder = path.join(work, 'empty-target');
    mkdirSync(emptyFolder, { recursive: true });
    const noTarget = run('diff', path.join(BASIC, 'log.good'), '--target', emptyFolder);
    assert.equal(noTarget.code, 2, noTarget.stderr);
    assert.match(noTarget.stderr, /nothing was compared: no target line could be scored/);
    const binaryFolder = path.join(work, 'binary-target');
    mkdirSync(binaryFolder, { recursive: true });
    writeFileSync(path.join(binaryFolder, 'core.dump'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
    const binary = run('diff', path.join(BASIC, 'log.good'), '--target', binaryFolder);
    assert.equal(binary.code, 2, binary.stderr);
    assert.match(binary.stderr, /no target line could be scored \(1 target file skipped/);
  });

  it('refuses to write the --json report over a log it reads (exit 2), which stays as it was', () => {
    const runDir = path.join(work, 'overwrite');
    mkdirSync(path.join(runDir, 'target'), { recursive: true });
    const log = path.join(runDir, 'target', 'job.log');
    const text = readFileSync(path.join(BASIC, 'log.fail'), 'utf8');
    writeFileSync(log, text);
    const named = run('diff', path.join(BASIC, 'log.good'), '--target', log, '--json', log);
    assert.equal(named.code, 2, named.stderr);
    assert.match(named.stderr, /cannot write the JSON report to .*job\.log: it is an input file/);
    const inFolder = run('diff', path.join(BASIC, 'log.good'), '--target', path.join(runDir, 'target'), '--json', log);
    assert.equal(inFolder.code, 2, inFolder.stderr);
    assert.match(inFolder.stderr, /it is a file in the input folder/);
    assert.equal(readFileSync(log, 'utf8'), text);
    // Beside the folder is fine.
    const beside = path.join(runDir, 'report.json');
    assert.equal(run('diff', path.join(BASIC, 'log.good'), '--target', path.join(runDir, 'target'), '--json', beside).code, 0);
    assert.equal((JSON.parse(readFileSync(beside, 'utf8')) as { files: unknown[] }).files.length, 1);
  });

  it('writes the whole --json file even when the reader of its output stops early (| head)', () => {
    const folder = path.join(work, 'pipe');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'good.log'), Array.from({ length: 200 }, (_, i) => `step ${i % 7} done`).join('\n') + '\n');
    // Thousands of distinct new lines: far more report than a pipe holds.
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
    writeFileSync(path.join(folder, 'bad.log'), Array.from({ length: 4000 }, (_, i) => `${words[i % 12]} ${words[Math.floor(i / 12) % 12]} ${words[Math.floor(i / 144) % 12]} failure ${words[Math.floor(i / 1728) % 12]}`).join('\n') + '\n');
    const out = path.join(folder, 'report.json');
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" diff "${path.join(folder, 'good.log')}" --target "${path.join(folder, 'bad.log')}" --json "${out}" | head -c 100 > /dev/null`], { encoding: 'utf8' });
    assert.equal(shell.status, 0, shell.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    assert.equal(report.files[0]?.lines, 4000);
  });

  it('says in one line that it cannot write its output to a full disk (exit 1), without a stack trace', function () {
    if (process.platform !== 'linux') this.skip();
    const full = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" diff "${path.join(BASIC, 'log.good')}" --target "${path.join(BASIC, 'log.fail')}" > /dev/full`], { encoding: 'utf8' });
    assert.equal(full.status, 1);
    assert.equal(full.stderr.trim(), 'log-triage: cannot write the output: ENOSPC');
  });

  it('says how many lines were too long to score whole, in the file\'s header and the summary', () => {
    const folder = path.join(work, 'long-lines');
    mkdirSync(folder, { recursive: true });
    const base = path.join(folder, 'good.log');
    const fail = path.join(folder, 'fail.log');
    // The failure sits past the 6000 characters a line is scored on: the count is the only sign of it.
    const payload = 'payload '.repeat(800);
    writeFileSync(base, `start\n${payload}done\n`);
    writeFileSync(fail, `start\n${payload}FATAL kernel panic segfault\n${payload}again\nERROR new line\n`);
    const { code, stdout, stderr } = run('diff', base, '--target', fail);
    assert.equal(code, 0, stderr);
    // A single baseline file serves any target file, so the model is the baseline's name.
    assert.match(stdout, /^== .*fail\.log \(model good\.log, 4 lines, 1 reported, 2 too long to score whole\)$/m);
    assert.match(stdout, /; 2 lines too long to score whole, compared by their start$/m);
    const jsonPath = path.join(folder, 'report.json');
    assert.equal(run('diff', base, '--target', fail, '--json', jsonPath).code, 0);
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
    assert.equal(report.totals.truncatedLines, 2);
    assert.equal(report.files[0]?.truncatedLines, 2);
  });

  it('compares files named on the command line whatever the built-in ignore list says; --exclude still applies', () => {
    const folder = path.join(work, 'named');
    mkdirSync(path.join(folder, 'target'), { recursive: true });
    const good = path.join(folder, 'good.yaml');
    const bad = path.join(folder, 'target', 'bad.yaml');
    writeFileSync(good, 'replicas: 3\nimage: nginx\n');
    writeFileSync(bad, 'replicas: 3\nimage: nginx\nERROR unknown field volumeMountz\n');
    const named = run('diff', good, '--target', bad);
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stdout, /\| .*bad\.yaml:3 +\| ERROR unknown field volumeMountz/);
    // Found under a folder, the same file is skipped as configuration, with the rule's matched part.
    const inFolder = run('diff', good, '--target', path.join(folder, 'target'));
    assert.equal(inFolder.code, 2, inFolder.stderr);
    assert.match(inFolder.stdout, /^ {2}target bad\.yaml: ignored \(default rule "\.yaml"\)$/m);
    const excluded = run('diff', good, '--target', bad, '--exclude', '^bad');
    assert.equal(excluded.code, 2, excluded.stderr);
    assert.match(excluded.stdout, /bad\.yaml: ignored \(exclude pattern \^bad\)$/m);
  });

  it('exits 2 when no target file had a baseline model to be compared with', () => {
    const folder = path.join(work, 'no-model');
    mkdirSync(path.join(folder, 'baseline'), { recursive: true });
    mkdirSync(path.join(folder, 'target'), { recursive: true });
    writeFileSync(path.join(folder, 'baseline', 'alpha.log'), 'alpha service started\n');
    writeFileSync(path.join(folder, 'baseline', 'beta.log'), 'beta service started\n');
    writeFileSync(path.join(folder, 'target', 'gamma.log'), 'gamma service crashed\ngamma core dumped\n');
    const result = run('diff', path.join(folder, 'baseline'), '--target', path.join(folder, 'target'));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /nothing was compared: no target line could be scored \(1 target file skipped/);
    assert.match(result.stdout, /gamma\.log: no baseline/);
  });

  it('prints the report even when the --json file cannot be written after all (exit 1)', function () {
    // /proc passes the up-front check for root (the folder exists and access() lets root write), but no file can be
    // made in it: the late failure a full disk or a vanished folder would give.
    const late = '/proc/log-triage-test.json';
    if (jsonOutputProblem(late) !== undefined) this.skip();
    const result = run('diff', path.join(BASIC, 'log.good'), '--target', path.join(BASIC, 'log.fail'), '--json', late);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /2 of \d+ lines reported/);
    assert.match(result.stderr, /cannot write .*log-triage-test\.json/);
  });

  it('prints its version', () => {
    const { code, stdout } = run('--version');
    assert.equal(code, 0);
    assert.match(stdout, /^log-triage \d+\.\d+\.\d+\n$/);
  });

  it('--json writes the report with the public minimal shape', () => {
    const out = path.join(work, 'report.json');
    const { code, stderr } = run('diff', path.join(BASIC, 'log.good'), '--target', path.join(BASIC, 'log.fail'), '--json', out, '--context', '0,0');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    assert.equal(report.version, REPORT_VERSION);
    assert.deepEqual(report.context, { before: 0, after: 0 });
    const files = report.files as Record<string, unknown>[];
    assert.equal(files.length, 1);
    const file = files[0]!;
    assert.equal(file.path, path.join(BASIC, 'log.fail'));
    assert.equal(typeof file.model, 'string');
    assert.equal(file.lines, readFileSync(path.join(BASIC, 'log.fail'), 'utf8').trimEnd().split('\n').length);
    const anomalies = file.anomalies as Record<string, unknown>[];
    assert.equal(anomalies.length, basicExpected().length);
    const failLines = readFileSync(path.join(BASIC, 'log.fail'), 'utf8').split('\n');
    for (const anomaly of anomalies) {
      assert.equal(typeof anomaly.line, 'number');
      assert.ok(typeof anomaly.distance === 'number' && anomaly.distance >= 0.2 && anomaly.distance <= 1);
      // 1-based: the text is that line of the file.
      assert.equal(anomaly.text, failLines[(anomaly.line as number) - 1]);
      assert.ok(Array.isArray(anomaly.repeats));
    }
    // Repeats: the later lines of one anomaly, 1-based, after it and in order.
    const repeated = path.join(work, 'repeated.log');
    writeFileSync(repeated, 'start\nERROR disk full\nok\nERROR disk full\nok\nERROR disk full\n');
    const repeatedOut = path.join(work, 'repeated.json');
    writeFileSync(path.join(work, 'repeated-good.log'), 'start\nok\n');
    assert.equal(run('diff', path.join(work, 'repeated-good.log'), '--target', repeated, '--json', repeatedOut).code, 0);
    const repeatedReport = JSON.parse(readFileSync(repeatedOut, 'utf8')) as Report;
    assert.deepEqual(repeatedReport.files[0]?.anomalies.map(({ line, text, repeats }) => ({ line, text, repeats })), [{ line: 2, text: 'ERROR disk full', repeats: [4, 6] }]);
    // `--json -` prints the same JSON on stdout instead of the text report.
    const piped = run('diff', path.join(BASIC, 'log.good'), '--target', path.join(BASIC, 'log.fail'), '--json', '-');
    assert.equal(piped.code, 0);
    assert.deepEqual((JSON.parse(piped.stdout) as { files: unknown[] }).files.length, 1);
  });

  it('diff of folders lists skipped files with reasons and files without a baseline', () => {
    const base = path.join(work, 'folders/base');
    const fail = path.join(work, 'folders/fail');
    mkdirSync(base, { recursive: true });
    mkdirSync(fail, { recursive: true });
    writeFileSync(path.join(base, 'job-output.txt'), 'start\nall good\nfinish\n');
    writeFileSync(path.join(base, 'syslog.txt'), 'kernel: booted\n');
    writeFileSync(path.join(fail, 'syslog.txt'), 'kernel: booted\n');
    writeFileSync(path.join(fail, 'tempest.log'), 'no such file in the baseline\n');
    writeFileSync(path.join(fail, 'job-output.txt.gz'), gzipSync('start\nkernel panic: cannot mount root\nfinish\n'));
    writeFileSync(path.join(fail, 'core.dump'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    writeFileSync(path.join(fail, 'screenshot.png'), 'png');
    writeFileSync(path.join(fail, 'empty.log'), '');
    const { code, stdout, stderr } = run('diff', base, '--target', fail);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\| job-output\.txt\.gz:2 +\| kernel panic: cannot mount root/);
    assert.match(stdout, /^Skipped 4 files:$/m);
    assert.match(stdout, /^ {2}target tempest\.log: no baseline/m);
    // The one line of tempest.log was read but not compared, and the summary says so.
    assert.match(stdout, /^1 of 5 lines reported \(.*\); 1 line of files without a baseline not compared$/m);
    assert.match(stdout, /^ {2}target core\.dump: binary \(NUL byte at offset 4\)$/m);
    assert.match(stdout, /^ {2}target screenshot\.png: ignored/m);
    assert.match(stdout, /^ {2}target empty\.log: empty/m);
  });

  it('never lets a log or a file name send escape sequences or control characters to the terminal', () => {
    const base = path.join(work, 'hostile/base');
    const fail = path.join(work, 'hostile/fail');
    mkdirSync(base, { recursive: true });
    mkdirSync(fail, { recursive: true });
    const name = 'job\x1b[2J\x07.log';
    writeFileSync(path.join(base, name), 'service started\nall good\n');
    const hostile = [
      '\x1b]0;pwned\x07 window title failure one',
      '\x1b]52;c;ZXZpbA==\x1b\\ clipboard failure two',
      '\x1b[2J\x1b[31mred failure three\x1b[0m',
      'bell\x07 and c1\u009b2J failure four',
      'reversed \u202eeno failure five',
    ];
    writeFileSync(path.join(fail, name), `service started\n${hostile.join('\n')}\n`);
    const out = path.join(work, 'hostile.json');
    const { code, stdout, stderr } = run('diff', base, '--target', fail, '--json', out);
    assert.equal(code, 0, stderr);
    for (const line of stdout.split('\n')) {
      assert.doesNotMatch(line, /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(line));
    }
    // In log lines, colours and other complete sequences are dropped; anything else is shown, escaped. A file name
    // keeps its sequences, escaped, so it reads as the name on disk.
    assert.match(stdout, /\| job\\x1b\[2J\\x07\.log:4 +\| red failure three$/m);
    assert.match(stdout, /\| +window title failure one$/m);
    assert.match(stdout, /\| +clipboard failure two$/m);
    assert.match(stdout, /\| bell\\x07 and c1\\x9b2J failure four$/m);
    assert.match(stdout, /\| reversed \\u\{202e\}eno failure five$/m);
    // The JSON report keeps every line as it was.
    const report = JSON.parse(readFileSync(out, 'utf8')) as { files: { path: string; anomalies: { text: string }[] }[] };
    assert.equal(report.files[0]?.path, name);
    assert.deepEqual(new Set(report.files[0]?.anomalies.map((anomaly) => anomaly.text)), new Set(hostile));
    // JSON on the terminal (`--json -`) escapes what JSON.stringify leaves raw (C1 and bidirectional controls) and
    // still means the same.
    const piped = run('diff', base, '--target', fail, '--json', '-');
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stdout, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    assert.deepEqual((JSON.parse(piped.stdout) as typeof report).files, report.files);
  });

  it('bad arguments exit 2 with a message and the usage', () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage:/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['diff', BASIC], /No target path given/],
      [['diff', '--target', BASIC], /No baseline path given/],
      [['diff', BASIC, '--target', BASIC, '--threshold', '1.5'], /--threshold expects a number between 0 and 1, got "1\.5"/],
      [['diff', BASIC, '--target', BASIC, '--context', 'x'], /--context expects/],
      [['diff', BASIC, '--target', BASIC, '--json'], /--json needs a value/],
      [['diff', BASIC, '--target', BASIC, '--exclude', '('], /--exclude "\(" is not a valid regular expression/],
      [['diff', BASIC, '--target', BASIC, '--bogus'], /Unknown option --bogus/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = run(...args);
      assert.equal(code, 2, `${args.join(' ')} → ${code}\n${stderr}`);
      assert.match(stderr, message);
      assert.match(stderr, /Usage:/);
      assert.equal(stdout, '');
    }
    const missing = run('diff', path.join(work, 'no-such-folder'), '--target', BASIC);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /baseline path .*no-such-folder does not exist/);
  });

  it('--help prints the usage and exits 0', () => {
    for (const args of [['--help'], ['diff', '--help']]) {
      const { code, stdout } = run(...args);
      assert.equal(code, 0);
      assert.match(stdout, /log-triage diff <baseline file\|dir>\.\.\. --target <file\|dir>\.\.\./);
    }
  });
});

describe('the CLI\'s second thread', () => {
  it('uses the worker bundle beside the CLI bundle, and runs on one thread without it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'log-triage-cli-helper-'));
    try {
      assert.equal(helperThread(folder), undefined);
      writeFileSync(path.join(folder, 'worker.js'), '');
      assert.equal(helperThread(folder)?.script, path.join(folder, 'worker.js'));
      assert.equal(helperThread(folder)?.cancel.role, 'helper');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('text report of downloaded builds', () => {
  it('names the change, the target and every baseline first, and counts skips that repeat across baselines', () => {
    const report = {
      version: REPORT_VERSION, modelVersion: 4, createdAt: '2026-12-01T00:00:00.000Z', threshold: 0.2, context: { before: 3, after: 1 },
      source: {
        change: { url: 'https://review.example.org/c/p/+/12', number: 12, patchset: '3' },
        target: { label: 'job FAILURE abc1234', url: 'https://zuul.example.org/t/t/build/a' },
        baselines: [{ label: 'job SUCCESS def5678', url: 'https://zuul.example.org/t/t/build/b' }, { label: 'job SUCCESS 0123abc' }],
      },
      files: [], models: [],
      skipped: [
        { path: 'zuul-info/inventory.yaml', side: 'baseline', reason: 'ignored' },
        { path: 'zuul-info/inventory.yaml', side: 'baseline', reason: 'ignored' },
        { path: 'zuul-info/inventory.yaml', side: 'target', reason: 'ignored' },
      ],
      totals: { baselineLines: 10, targetLines: 5, anomalyLines: 0, anomalies: 0 },
      timings: { readMs: 1, trainMs: 1, testMs: 1, totalMs: 3 },
    } satisfies Report;
    const lines = formatReport(report).split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Change:   https://review.example.org/c/p/+/12 (patchset 3)',
      'Target:   job FAILURE abc1234 https://zuul.example.org/t/t/build/a',
      'Baseline: job SUCCESS def5678 https://zuul.example.org/t/t/build/b',
      '          job SUCCESS 0123abc',
      '',
    ]);
    assert.ok(lines.includes('Skipped 3 files:'));
    assert.ok(lines.some((line) => /^ {2}baseline zuul-info\/inventory\.yaml: .*\(×2\)$/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /^ {2}target zuul-info\/inventory\.yaml: [^×]*$/.test(line)), lines.join('\n'));
  });
});

describe('text report of a log that is new from end to end', () => {
  it('lists every one of more than a million reported lines, with or without context blocks', () => {
    // Two anomalies whose repeats fill 1.2M lines: past a Map's reach for a 600 MB log, the other road is taken.
    const lineCount = 1_200_000;
    const repeatsOf = (first: number): number[] => Array.from({ length: lineCount / 2 - 1 }, (_, index) => first + 2 * (index + 1));
    const anomalies = [
      { line: 1, distance: 0.5, text: 'odd line', repeats: repeatsOf(1) },
      { line: 2, distance: 0.75, text: 'even line', repeats: repeatsOf(2) },
    ];
    const file = { path: 'huge.log', model: 'huge.log', lines: lineCount, anomalies, blocks: [], meanDistance: 0.625 } satisfies FileReport;
    const lines = formatFile(file);
    assert.equal(lines.length, 1 + lineCount);
    assert.equal(lines[0], `== huge.log (model huge.log, ${lineCount} lines, ${lineCount} reported)`);
    assert.equal(lines[1], '0.500 | huge.log:1       | odd line');
    assert.equal(lines[lineCount], `0.750 | huge.log:${lineCount} | even line`);
    const withBlocks = formatFile({ ...file, blocks: [{ start: 1, lines: Array.from({ length: lineCount }, (_, index) => (index % 2 === 0 ? 'odd line' : 'even line')) }] });
    assert.deepEqual(withBlocks, lines);
  });
});

describe('log-triage analyze dispatch', () => {
  it('routes "analyze" to the analyze command (its help, its usage errors found before any download)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'log-triage-cli-'));
    try {
      const bundle = path.join(folder, 'cli.js');
      await bundleForTest('src/cli/main.ts', bundle);
      const help = spawnSync(process.execPath, [bundle, 'analyze', '--help'], { encoding: 'utf8' });
      assert.equal(help.status, 0);
      assert.match(help.stdout, /log-triage analyze </);
      const bare = spawnSync(process.execPath, [bundle, 'analyze'], { encoding: 'utf8' });
      assert.equal(bare.status, 2);
      assert.match(bare.stderr, /log-triage analyze/);
      // Mistakes found before any server is asked (the link's host does not exist: a request would fail with 1).
      const link = 'https://zuul.invalid/t/tenant/build/0123456789abcdef0123456789abcdef';
      const analyze = (...args: string[]) => spawnSync(process.execPath, [bundle, 'analyze', ...args], { encoding: 'utf8', timeout: 20000 });
      const none = analyze(link, '--baselines', '0');
      assert.equal(none.status, 2, none.stderr);
      assert.match(none.stderr, /--baselines expects a whole number from 1 to 50/);
      for (const flag of ['--include', '--exclude']) {
        const brace = analyze(link, flag, 'logs/{a,b');
        assert.equal(brace.status, 2, brace.stderr);
        assert.match(brace.stderr, new RegExp(`${flag} "logs/\\{a,b" has an unclosed \\{`));
      }
      const file = path.join(folder, 'a-file');
      writeFileSync(file, '');
      const underFile = analyze(link, '--cache', path.join(file, 'cache'));
      assert.equal(underFile.status, 2, underFile.stderr);
      assert.match(underFile.stderr, /cannot use .* as the cache folder: .*a-file is not a folder/);
      // A recursive mkdir under /proc never returns on Node 20: the folder is made one level at a time.
      // An existing folder that cannot hold anything is refused as well.
      const procSelf = analyze(link, '--cache', '/proc/self');
      assert.equal(procSelf.status, 2, procSelf.stderr);
      assert.match(procSelf.stderr, /cannot use \/proc\/self as the cache folder/);
      const proc = analyze(link, '--cache', '/proc/log-triage-cache/x');
      assert.equal(proc.status, 2, proc.stderr);
      assert.match(proc.stderr, /cannot use \/proc\/log-triage-cache\/x as the cache folder/);
      const schemeless = analyze('review.opendev.org/c/openstack/nova/+/912345');
      assert.equal(schemeless.status, 2, schemeless.stderr);
      assert.match(schemeless.stderr, /did you mean https:\/\/review\.opendev\.org\/c\/openstack\/nova\/\+\/912345/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('parseDiffArgs', () => {
  it('collects several baselines and targets, options in any order', () => {
    const { job, json } = parseDiffArgs(['b1', 'b2', '--threshold=0.3', '--target', 't1', 't2', '--context', '2,5', '--json', 'o.json', '--exclude', 'x$', '-b', 'b3']);
    assert.deepEqual(job.baseline, ['b1', 'b2', 'b3']);
    assert.deepEqual(job.target, ['t1', 't2']);
    assert.equal(job.options.threshold, 0.3);
    assert.equal(job.options.contextBefore, 2);
    assert.equal(job.options.contextAfter, 5);
    assert.deepEqual(job.options.excludes, ['x$']);
    assert.equal(json, 'o.json');
  });

  it('reads sizes and single context counts, and rejects a fractional context', () => {
    const { job, maxFileBytes } = parseDiffArgs(['b', '-t', 't', '--max-file-size', '512M', '--context', '4']);
    assert.equal(maxFileBytes, 512 * 1024 * 1024);
    assert.equal(job.options.contextBefore, 4);
    assert.equal(job.options.contextAfter, 4);
    assert.throws(() => parseDiffArgs(['b', '-t', 't', '--context', '1.5']), UsageError);
  });
});

describe('terminalSafe (what the CLI prints of logs, file names and server answers)', () => {
  it('leaves printable text alone, escapes control characters, and drops whole sequences only when asked', () => {
    const plain = 'INFO all good: 42 files in /tmp/x — done';
    assert.equal(terminalSafe(plain), plain);
    assert.equal(terminalSafe('a\tb'), 'a\tb', 'a tab prints as a tab');
    assert.equal(terminalSafe('job\x1b[2J\x07'), 'job\\x1b[2J\\x07', 'a name keeps every character, escaped');
    assert.equal(terminalSafe('line\nforged: ok'), 'line\\x0aforged: ok', 'a new line cannot forge a report line');
    assert.equal(terminalSafe('\x1b[1;31mred\x1b[0m', { dropSequences: true }), 'red');
    assert.equal(terminalSafe('\x1b]0;title\x07x', { dropSequences: true }), 'x', 'OSC ended by BEL');
    assert.equal(terminalSafe('\x1b]52;c;ZXZpbA==\x1b\\x', { dropSequences: true }), 'x', 'OSC ended by ST');
    assert.equal(terminalSafe('\x1b]0;never ended', { dropSequences: true }), '0;never ended', 'an unended OSC loses its opening, the rest is text');
    assert.equal(terminalSafe('\u009b2J \u202eabc \u2066x\u2069'), '\\x9b2J \\u{202e}abc \\u{2066}x\\u{2069}');
  });
});
