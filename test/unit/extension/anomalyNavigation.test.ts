// Where next/previous anomaly and group lead, on a hand-written report whose expected walk is spelled out below.
import * as assert from 'node:assert/strict';
import type { FileReport, Report } from '../../../src/core/report';
import { anomalyLines, hasLine, groupOrder, nextAnomaly, nextGroup } from '../../../src/extension/anomalyNavigation';

function file(path: string, model: string, anomalies: readonly [line: number, repeats?: number[]][]): FileReport {
  return {
    path,
    model,
    lines: 100,
    anomalies: anomalies.map(([line, repeats]) => ({ line, distance: 0.5, text: `line ${line}`, repeats: repeats ?? [] })),
    blocks: [],
    meanDistance: 0.5,
  };
}

const report: Report = {
  version: 1,
  modelVersion: 1,
  createdAt: '2025-01-01T00:00:00Z',
  threshold: 0.2,
  context: { before: 3, after: 1 },
  files: [
    file('job-output.txt', 'job-output.txt', [[10], [30, [50]]]),
    file('quiet.log', 'quiet.log', []),
    file('a/syslog.txt', 'syslog.txt', [[5]]),
    file('b/syslog.txt', 'syslog.txt', [[7], [8]]),
  ],
  models: [],
  skipped: [],
  totals: { baselineLines: 0, targetLines: 400, anomalyLines: 6, anomalies: 5 },
  timings: { readMs: 0, trainMs: 0, testMs: 0, totalMs: 0 },
};

describe('anomaly navigation', () => {
  it('lists repeats with first occurrences, in line order', () => {
    assert.deepEqual(anomalyLines(report.files[0]!), [10, 30, 50]);
  });

  it('walks forward through a file, then to the next file with anomalies, skipping quiet files, then wraps', () => {
    const walk: string[] = [];
    let position = nextAnomaly(report, 0, 1, 1);
    for (let step = 0; step < 7 && position; step++) {
      walk.push(`${position.fileIndex}:${position.line}`);
      position = nextAnomaly(report, position.fileIndex, position.line, 1);
    }
    assert.deepEqual(walk, ['0:10', '0:30', '0:50', '2:5', '3:7', '3:8', '0:10']);
  });

  it('walks backward to the last anomaly of the previous file', () => {
    assert.deepEqual(nextAnomaly(report, 2, 5, -1), { fileIndex: 0, line: 50 });
    assert.deepEqual(nextAnomaly(report, 0, 10, -1), { fileIndex: 3, line: 8 });
    assert.deepEqual(nextAnomaly(report, 0, 40, -1), { fileIndex: 0, line: 30 });
  });

  it('keeps each file\'s line list (computed once) in order whichever way it walks', () => {
    const lines = anomalyLines(report.files[0]!);
    assert.equal(anomalyLines(report.files[0]!), lines, 'the list is kept, not built again');
    assert.deepEqual(nextAnomaly(report, 0, 40, -1), { fileIndex: 0, line: 30 });
    assert.deepEqual(nextAnomaly(report, 0, 10, 1), { fileIndex: 0, line: 30 });
    assert.deepEqual(lines, [10, 30, 50]);
    assert.ok(hasLine(lines, 30) && hasLine(lines, 10) && hasLine(lines, 50));
    assert.ok(!hasLine(lines, 20) && !hasLine(lines, 60) && !hasLine(lines, 1) && !hasLine([], 1));
  });

  it('starts at the first (or last) anomaly of the report from outside it', () => {
    assert.deepEqual(nextAnomaly(report, undefined, 0, 1), { fileIndex: 0, line: 10 });
    assert.deepEqual(nextAnomaly(report, undefined, 0, -1), { fileIndex: 3, line: 8 });
  });

  it('moves between file models in report order and wraps', () => {
    assert.deepEqual(groupOrder(report), ['job-output.txt', 'syslog.txt']);
    assert.deepEqual(nextGroup(report, 0, 1), { fileIndex: 2, line: 5 });
    assert.deepEqual(nextGroup(report, 3, 1), { fileIndex: 0, line: 10 });
    assert.deepEqual(nextGroup(report, 0, -1), { fileIndex: 2, line: 5 });
    assert.deepEqual(nextGroup(report, undefined, 1), { fileIndex: 0, line: 10 });
  });

  it('passes over files it is told to (logs changed since the report) and goes to the group\'s next file', () => {
    const changed = (paths: string[]) => (f: FileReport): boolean => paths.includes(f.path);
    // The syslog group's first file changed: its second one is where the group starts now.
    assert.deepEqual(nextGroup(report, 0, 1, changed(['a/syslog.txt'])), { fileIndex: 3, line: 7 });
    // The whole syslog group changed: the only other group, wrapping round, is the job output's.
    assert.deepEqual(nextGroup(report, 0, 1, changed(['a/syslog.txt', 'b/syslog.txt'])), { fileIndex: 0, line: 10 });
    assert.deepEqual(nextGroup(report, undefined, -1, changed(['a/syslog.txt', 'b/syslog.txt'])), { fileIndex: 0, line: 10 });
    assert.equal(nextGroup(report, 0, 1, changed(['job-output.txt', 'a/syslog.txt', 'b/syslog.txt'])), undefined);
    // Anomaly by anomaly too: neither the current file's next anomaly nor a later file is landed in when passed over.
    assert.deepEqual(nextAnomaly(report, 0, 10, 1, changed(['job-output.txt'])), { fileIndex: 2, line: 5 });
    assert.deepEqual(nextAnomaly(report, 0, 10, 1, changed(['a/syslog.txt'])), { fileIndex: 0, line: 30 });
    assert.deepEqual(nextAnomaly(report, 0, 50, 1, changed(['a/syslog.txt'])), { fileIndex: 3, line: 7 });
    assert.deepEqual(nextAnomaly(report, 2, 5, -1, changed(['job-output.txt'])), { fileIndex: 3, line: 8 });
    assert.equal(nextAnomaly(report, undefined, 0, 1, changed(['job-output.txt', 'a/syslog.txt', 'b/syslog.txt'])), undefined);
  });

  it('has nowhere to go in a report without anomalies', () => {
    const empty: Report = { ...report, files: [file('quiet.log', 'quiet.log', [])] };
    assert.equal(nextAnomaly(empty, 0, 1, 1), undefined);
    assert.equal(nextGroup(empty, 0, 1), undefined);
  });
});
