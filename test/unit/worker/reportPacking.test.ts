import { strict as assert } from 'node:assert';
import type { FileReport, Report } from '../../../src/core/report';
import { REPORT_VERSION } from '../../../src/core/report';
import { packedBuffers, packReport, unpackReport } from '../../../src/worker/reportPacking';

/** A report of `files` files with `perFile` anomalies each (one 3-line block each), with awkward text. */
function bigReport(files: number, perFile: number): Report {
  const fileReports: FileReport[] = Array.from({ length: files }, (_, f) => ({
    path: `logs/file-${f}.log`,
    model: `file-${f}.log`,
    lines: perFile * 3,
    anomalies: Array.from({ length: perFile }, (_, a) => ({
      line: a * 3 + 2,
      distance: 0.2 + (a % 80) / 100,
      // A lone surrogate, quotes, markup and a line separator must come back as they were.
      text: `ERROR ${a} "quoted" <b>\u2028 \ud800 é`,
      repeats: a % 5 === 0 ? [a * 3 + 3] : [],
      ...(a % 2 === 0 ? { nearest: `INFO ${a}` } : {}),
    })),
    blocks: Array.from({ length: perFile }, (_, a) => ({ start: a * 3 + 1, lines: ['before', `ERROR ${a}`, 'after'] })),
    meanDistance: 0.5,
    ...(f === 0 ? { truncatedLines: 2 } : {}),
  }));
  return {
    version: REPORT_VERSION, modelVersion: 7, createdAt: '2026-12-01T00:00:00.000Z', threshold: 0.2, context: { before: 3, after: 1 },
    files: fileReports, models: [{ name: 'file.log', baselineFiles: [{ path: 'b.log', lines: 10 }], indexedLines: 9 }],
    skipped: [{ path: 'x.png', side: 'target', reason: 'ignored' }],
    totals: { baselineLines: 10, targetLines: files * perFile * 3, anomalyLines: files * perFile, anomalies: files * perFile, truncatedLines: 2 },
    timings: { readMs: 1, trainMs: 2, testMs: 3, totalMs: 6, threads: 2 },
  };
}

describe('report packing (worker → caller)', () => {
  it('gives back exactly the report it packed, over many pieces and none', async () => {
    for (const report of [bigReport(3, 10_000), bigReport(2, 0), bigReport(0, 0)]) {
      const packed = packReport(report);
      assert.deepEqual(await unpackReport(packed), report);
    }
    assert.ok(packReport(bigReport(3, 10_000)).pieces.length >= 9, 'anomalies and blocks of big files are cut in pieces');
  });

  it('cuts a block of a log that is new from end to end across pieces, and joins it again', async () => {
    // One block of 300k lines of 2000 characters: 600M characters, more than one JSON string can hold.
    const line = 'x'.repeat(2000);
    const lines = Array.from({ length: 300_000 }, () => line);
    const report = bigReport(1, 1);
    const huge = { ...report, files: [{ ...report.files[0]!, blocks: [{ start: 1, lines }, { start: 300_005, lines: [] }, { start: 300_010, lines: ['last'] }] }] };
    const packed = packReport(huge);
    assert.ok(packed.pieces.length >= 75);
    const back = await unpackReport(packed);
    assert.deepEqual(back.files[0]?.blocks.map((block) => [block.start, block.lines.length]), [[1, 300_000], [300_005, 0], [300_010, 1]]);
    assert.ok(back.files[0]?.blocks[0]?.lines.every((text) => text === line));
  });

  it('keeps each piece to about half a megabyte of text, however long the lines', async () => {
    // 4000 anomalies of 6000-character lines once made one 46 MB piece, parsed in one go.
    const report = bigReport(1, 4000);
    const long = 'y'.repeat(6000);
    const wide = { ...report, files: [{ ...report.files[0]!, anomalies: report.files[0]!.anomalies.map((anomaly) => ({ ...anomaly, text: long })), blocks: report.files[0]!.blocks.map((block) => ({ ...block, lines: block.lines.map(() => long) })) }] };
    const packed = packReport(wide);
    const largest = Math.max(...packed.pieces.map((piece) => piece.byteLength));
    assert.ok(largest < 1024 * 1024, `a piece of ${largest} bytes`);
    assert.deepEqual(await unpackReport(packed), wide);
  });

  it('keeps the skipped-file list out of the head, in pieces read a slice at a time', async () => {
    // A tree of 300k ignored files once made a head parsed in one go for 400 ms.
    const report = { ...bigReport(1, 10), skipped: Array.from({ length: 300_000 }, (_, index) => ({ path: `logs/static/asset-${index}.png`, side: 'target' as const, reason: 'ignored' as const, detail: 'binary extension .png' })) };
    const packed = packReport(report);
    assert.ok(packed.head.byteLength < 64 * 1024, `a head of ${packed.head.byteLength} bytes`);
    assert.deepEqual(await unpackReport(packed), report);
  });

  it('moves every buffer it made, and reads a big report in slices that let other work run', async () => {
    const packed = packReport(bigReport(1, 300_000));
    assert.equal(packedBuffers(packed).length, 1 + packed.pieces.length);
    // A callback queued before the read starts runs before the read ends: the thread was not held throughout.
    let ranDuring = false;
    setImmediate(() => {
      ranDuring = true;
    });
    let finishedFirst = false;
    const reading = unpackReport(packed).then((report) => {
      finishedFirst = !ranDuring;
      return report;
    });
    const report = await reading;
    assert.equal(report.files[0]?.anomalies.length, 300_000);
    assert.equal(finishedFirst, false, 'the whole report was read in one go');
  });
});
