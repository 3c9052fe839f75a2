// The panel's filtering: threshold and search applied to an existing report, groups by file model, "N of M lines".
import * as assert from 'node:assert/strict';
import type { Report } from '../../../src/core/report';
import { buildReportView } from '../../../webview/reportView';

const report: Report = {
  version: 1,
  modelVersion: 1,
  createdAt: '2025-01-01T00:00:00Z',
  threshold: 0.2,
  context: { before: 1, after: 1 },
  files: [
    {
      path: 'job-output.txt',
      model: 'job-output.txt',
      lines: 40,
      meanDistance: 0.6,
      anomalies: [
        { line: 3, distance: 0.9, text: 'ERROR nova compute failed', repeats: [20] },
        { line: 10, distance: 0.3, text: 'WARNING slow response', repeats: [] },
      ],
      blocks: [
        { start: 2, lines: ['ok 2', 'ERROR nova compute failed', 'ok 4'] },
        { start: 19, lines: ['ok 19', 'ERROR nova compute failed on host 10.0.0.7', 'ok 21'] },
        { start: 9, lines: ['ok 9', 'WARNING slow response', 'ok 11'] },
      ],
    },
    {
      path: 'controller/syslog.txt',
      model: 'syslog.txt',
      lines: 30,
      meanDistance: 0.5,
      anomalies: [{ line: 7, distance: 0.5, text: 'kernel: <img src=x onerror=alert(1)>', repeats: [] }],
      blocks: [],
    },
    { path: 'quiet.txt', model: 'quiet.txt', lines: 5, meanDistance: 0, anomalies: [], blocks: [] },
  ],
  models: [],
  skipped: [],
  totals: { baselineLines: 100, targetLines: 75, anomalyLines: 4, anomalies: 3 },
  timings: { readMs: 0, trainMs: 0, testMs: 0, totalMs: 0 },
};

describe('panel report view', () => {
  it('groups files with anomalies by model and counts lines with repeats', () => {
    const view = buildReportView(report, { threshold: 0.2, search: '' });
    assert.deepEqual(view.groups.map((group) => [group.model, group.anomalies, group.files.length]), [['job-output.txt', 2, 1], ['syslog.txt', 1, 1]]);
    assert.equal(view.shownLines, 4);
    assert.equal(view.targetLines, 75);
  });

  it('marks anomaly lines inside their context blocks and keeps context lines plain', () => {
    const file = buildReportView(report, { threshold: 0.2, search: '' }).groups[0]!.files[0]!;
    const first = file.blocks[0]!;
    assert.deepEqual(first.lines.map((line) => [line.number, line.anomaly?.distance]), [[2, undefined], [3, 0.9], [4, undefined]]);
    assert.equal(file.firstLine, 3);
  });

  it('finds an anomaly by the text of a repeat, which may differ from the first occurrence', () => {
    const view = buildReportView(report, { threshold: 0.2, search: '10.0.0.7' });
    const file = view.groups[0]?.files[0];
    assert.deepEqual(file?.blocks.flatMap((block) => block.lines.filter((line) => line.anomaly).map((line) => line.number)), [3, 20]);
    assert.equal(buildReportView(report, { threshold: 0.2, search: '10.0.0.8' }).groups.length, 0);
  });

  it('hides anomalies under a raised threshold without touching the report', () => {
    const view = buildReportView(report, { threshold: 0.6, search: '' });
    assert.deepEqual(view.groups.map((group) => group.model), ['job-output.txt']);
    // The 0.9 anomaly's block and its repeat's; the 0.3 one's block is gone.
    assert.deepEqual(view.groups[0]!.files[0]!.blocks.map((block) => block.start), [2, 19]);
    assert.equal(view.shownLines, 2);
    assert.equal(report.files[0]!.anomalies.length, 2);
  });

  it('searches line text case-insensitively, and file paths', () => {
    assert.deepEqual(buildReportView(report, { threshold: 0, search: 'nova' }).groups.map((group) => group.model), ['job-output.txt']);
    assert.deepEqual(buildReportView(report, { threshold: 0, search: 'CONTROLLER/' }).groups.map((group) => group.model), ['syslog.txt']);
    assert.equal(buildReportView(report, { threshold: 0, search: 'no such text' }).groups.length, 0);
  });

  it('builds the view of a file with 200k anomalies', () => {
    const anomalies = Array.from({ length: 200_000 }, (_, index) => ({ line: 200_000 - index, distance: 0.5, text: `line ${index}`, repeats: [] }));
    const big: Report = { ...report, files: [{ path: 'big.txt', model: 'big.txt', lines: 200_000, meanDistance: 0.5, anomalies, blocks: [] }] };
    const file = buildReportView(big, { threshold: 0.2, search: '' }).groups[0]!.files[0]!;
    assert.equal(file.anomalies, 200_000);
    assert.equal(file.firstLine, 1);
  });

  it('shows an anomaly that no block covers on its own line', () => {
    const syslog = buildReportView(report, { threshold: 0.2, search: '' }).groups[1]!.files[0]!;
    assert.deepEqual(syslog.blocks.map((block) => block.lines.map((line) => [line.number, line.text])), [[[7, 'kernel: <img src=x onerror=alert(1)>']]]);
  });
});
