import { strict as assert } from 'node:assert';
import { analyze, analyzeWith, Analyzer } from '../../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../../src/core/options';
import { splitLines } from '../../../src/core/lines';
import { blockSpans } from '../../../src/core/contextBlocks';
import { LineIndexBuilder } from '../../../src/core/lineIndex';
import { tokenize } from '../../../src/core/tokenizer';
import { MODEL_VERSION } from '../../../src/core/modelVersion';

const options = { ...DEFAULT_OPTIONS, contextBefore: 0, contextAfter: 0 };

describe('analysis', () => {
  it('splits on \\n, \\r\\n and lone \\r without a phantom last line', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd\n'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('\n\n'), ['', '']);
  });

  it('finds the new lines and numbers them by physical line, whatever the line ends', () => {
    const baseline = 'Server created\nBootloader initialized\nKernel booted\n';
    const target = 'Server created\r\nBootloader failure\rKernel booted\n';
    const report = analyze({ baseline: [{ path: 'log.good', text: baseline }], target: [{ path: 'log.fail', text: target }] }, options);
    const file = report.files[0];
    assert.ok(file);
    assert.deepEqual(file.anomalies.map((a) => [a.line, a.text]), [[2, 'Bootloader failure']]);
    assert.equal(file.anomalies[0]?.nearest, 'Bootloader initialized');
    assert.equal(file.anomalies[0]?.nearestSource, 'log.good');
    assert.equal(report.modelVersion, MODEL_VERSION);
    assert.deepEqual(report.totals, { baselineLines: 3, targetLines: 3, anomalyLines: 1, anomalies: 1 });
  });

  it('names the model of a file given on its own by modelPath, so fail/job.log meets good/job.log', () => {
    const baseline = [
      { path: 'good/job.log', modelPath: 'job.log', text: 'step one done\nstep two done\n' },
      { path: 'good/other.txt', modelPath: 'other.txt', text: 'unrelated content here\n' },
    ];
    const withModelPath = analyze({ baseline, target: [{ path: 'fail/job.log', modelPath: 'job.log', text: 'step one done\nkernel panic occurred\n' }] }, options);
    assert.equal(withModelPath.files[0]?.model, 'job.log');
    assert.deepEqual(withModelPath.files[0]?.anomalies.map((a) => a.line), [2]);
    // Without modelPath the parent folder is part of the target's model name (fail/job.log): no model has that
    // name, and the one model with the same file part serves it.
    const withoutModelPath = analyze({ baseline, target: [{ path: 'fail/job.log', text: 'step one done\nkernel panic occurred\n' }] }, options);
    assert.equal(withoutModelPath.files[0]?.model, 'job.log');
    // With two such models there is no guess: no baseline.
    const twoCandidates = analyze({ baseline: [...baseline, { path: 'other/job.log', text: 'step one done\n' }], target: [{ path: 'fail/job.log', text: 'step one done\n' }] }, options);
    assert.equal(twoCandidates.files.length, 0);
    assert.equal(twoCandidates.skipped.find((s) => s.path === 'fail/job.log')?.reason, 'noBaseline');
  });

  it('counts a distance exactly at the threshold as an anomaly (distance >= threshold), as a round number', () => {
    // Five words each, four shared: cosine 0.8, distance 0.2, which floating point computes as 0.19999999999999996.
    const baseline = [{ path: 'a.log', text: 'alpha bravo charlie delta echo\n' }];
    const report = analyze({ baseline, target: [{ path: 'a.log', text: 'alpha bravo charlie delta foxtrot\n' }] }, options);
    assert.deepEqual(report.files[0]?.anomalies.map((a) => [a.line, a.distance]), [[1, 0.2]]);
    // Three of four shared (0.25) is under a threshold of 0.3, and at 0.25 it is an anomaly.
    const target = [{ path: 'a.log', text: 'alpha bravo charlie golf\n' }];
    const fourWords = [{ path: 'a.log', text: 'alpha bravo charlie delta\n' }];
    assert.equal(analyze({ baseline: fourWords, target }, { ...options, threshold: 0.3 }).files[0]?.anomalies.length, 0);
    assert.deepEqual(analyze({ baseline: fourWords, target }, { ...options, threshold: 0.25 }).files[0]?.anomalies.map((a) => a.distance), [0.25]);
  });

  it('reports a repeated anomaly once, with the later line numbers as repeats', () => {
    const report = analyze(
      { baseline: [{ path: 'a.log', text: 'all good here\n' }], target: [{ path: 'a.log', text: 'Segmentation fault core\nall good here\nSegmentation fault core\nSegmentation fault core\n' }] },
      options,
    );
    const anomalies = report.files[0]?.anomalies ?? [];
    assert.equal(anomalies.length, 1);
    assert.equal(anomalies[0]?.line, 1);
    assert.deepEqual(anomalies[0]?.repeats, [3, 4]);
    assert.equal(report.totals.anomalyLines, 3);
  });

  it('de-duplicates baseline lines by tokens', () => {
    const report = analyze(
      { baseline: [{ path: 'a.log', text: 'step 1 done\nstep 2 done\nother thing\n' }], target: [{ path: 'a.log', text: 'step 3 done\n' }] },
      options,
    );
    assert.equal(report.models[0]?.indexedLines, 2);
    assert.equal(report.files[0]?.anomalies.length, 0);
  });

  it('truncates long lines for scoring and display, never drops them', () => {
    const long = 'Unexpected crash ' + 'x'.repeat(50);
    const report = analyze(
      { baseline: [{ path: 'a.log', text: 'hello world\n' }], target: [{ path: 'a.log', text: `${long}\n` }] },
      { ...options, maxLineLength: 20 },
    );
    const anomaly = report.files[0]?.anomalies[0];
    assert.ok(anomaly);
    assert.equal(anomaly.truncated, true);
    assert.equal(anomaly.text.length, 20);
  });

  it('skips target files without a baseline model and ignored files, saying why', () => {
    const report = analyze(
      {
        baseline: [{ path: 'job.log', text: 'a line here\n' }, { path: 'audit.log', text: 'other line\n' }, { path: 'img.png', text: 'binary' }],
        target: [{ path: 'unknown.log', text: 'something\n' }, { path: 'job.log', text: 'a line here\n' }],
      },
      options,
    );
    assert.deepEqual(
      report.skipped.map((s) => [s.path, s.side, s.reason]),
      [['img.png', 'baseline', 'ignored'], ['unknown.log', 'target', 'noBaseline']],
    );
    assert.equal(report.files.length, 1);
  });

  it('sorts files job-output first, then by mean distance', () => {
    const report = analyze(
      {
        baseline: [{ path: 'job-output.txt', text: 'alpha beta\n' }, { path: 'x/app.log', text: 'alpha beta\n' }, { path: 'y/db.log', text: 'alpha beta\n' }],
        target: [
          { path: 'x/app.log', text: 'alpha beta gamma delta\n' },
          { path: 'y/db.log', text: 'totally different words\n' },
          { path: 'job-output.txt', text: 'alpha beta\n' },
        ],
      },
      options,
    );
    assert.deepEqual(report.files.map((f) => f.path), ['job-output.txt', 'y/db.log', 'x/app.log']);
  });

  it('lets a cancelled checkpoint throw through analyze', () => {
    const text = Array.from({ length: 10000 }, (_, i) => `line number ${i} word${i % 7}`).join('\n');
    let calls = 0;
    assert.throws(
      () =>
        analyze({ baseline: [{ path: 'a.log', text }], target: [{ path: 'a.log', text }] }, options, {
          checkpoint: () => {
            calls += 1;
            if (calls === 2) throw new Error('cancelled');
          },
        }),
      /cancelled/,
    );
    assert.equal(calls, 2);
  });

  it('reports progress for the train and test phases', () => {
    const phases = new Set<string>();
    analyze({ baseline: [{ path: 'a.log', text: 'a b c d\n' }], target: [{ path: 'a.log', text: 'e f g h\n' }] }, options, {
      onProgress: (progress) => phases.add(progress.phase),
    });
    assert.deepEqual([...phases].sort(), ['test', 'train']);
  });

  it('rejects invalid options with a clear error', () => {
    assert.throws(() => analyze({ baseline: [], target: [] }, { ...options, threshold: 2 }), /threshold/);
  });
});

describe('context blocks', () => {
  it('adds before/after context and merges anomalies closer than 5 lines', () => {
    assert.deepEqual(blockSpans([10], 100, 3, 1), [{ first: 7, last: 11 }]);
    assert.deepEqual(blockSpans([10, 14], 100, 0, 0), [{ first: 10, last: 14 }]);
    assert.deepEqual(blockSpans([10, 15], 100, 0, 0), [{ first: 10, last: 10 }, { first: 15, last: 15 }]);
    assert.deepEqual(blockSpans([0, 99], 100, 3, 3), [{ first: 0, last: 3 }, { first: 96, last: 99 }]);
  });

  it('fills blocks with raw lines in the report', () => {
    const target = ['ok one', 'ok two', 'ok three', 'Kernel panic now', 'ok four', 'ok five'].join('\n');
    const report = analyze(
      { baseline: [{ path: 'a.log', text: 'ok one\nok two\nok three\nok four\nok five\n' }], target: [{ path: 'a.log', text: target }] },
      { ...options, contextBefore: 2, contextAfter: 1 },
    );
    assert.deepEqual(report.files[0]?.blocks, [{ start: 2, lines: ['ok two', 'ok three', 'Kernel panic now', 'ok four'] }]);
  });
});

describe('line index', () => {
  const build = (lines: string[], weighting: 'binary' | 'tfidf') => {
    const builder = new LineIndexBuilder();
    lines.forEach((line) => builder.add(tokenize(line), line, 0));
    return builder.freeze(weighting);
  };

  it('computes the set cosine exactly (basic-01 line 2)', () => {
    const index = build(['Kernel booted fine', 'Bootloader initialized'], 'binary');
    // tokens: `Bootloader failure failA failB failC failD` vs `Bootloader initialized`: 1 / sqrt(6 * 2).
    const match = index.nearest(tokenize('Bootloader failure'));
    assert.ok(Math.abs(match.distance - (1 - 1 / Math.sqrt(12))) < 1e-9);
  });

  it('keeps unseen words in TF-IDF so a new error line is far from the baseline', () => {
    const index = build(['Kernel booted fine', 'Shell started now', 'Tests executed here'], 'tfidf');
    const match = index.nearest(tokenize('Kernel booted fine Bootloader failure'));
    assert.ok(match.distance > 0.5, `distance ${match.distance}`);
    assert.equal(index.nearest(tokenize('Kernel booted fine')).distance, 0);
  });

  it('finds the exact nearest line as a brute-force scan would', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'theta', 'kappa', 'lambda', 'omega'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const sentence = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const baseline = Array.from({ length: 300 }, sentence);
    for (const weighting of ['binary', 'tfidf'] as const) {
      const index = build(baseline, weighting);
      for (let query = 0; query < 200; query += 1) {
        const tokens = tokenize(sentence());
        if (tokens === '') continue;
        const fast = index.nearest(tokens).distance;
        assert.ok(fast >= 0 && fast <= 1);
        // Compare with brute force in binary mode, where weights are the plain set cosine.
        if (weighting === 'binary') {
          const querySet = new Set(tokens.split(' '));
          let bruteBest = 1;
          for (const line of baseline) {
            const lineSet = new Set(tokenize(line).split(' ').filter((w) => w !== ''));
            if (lineSet.size === 0) continue;
            let shared = 0;
            for (const word of querySet) if (lineSet.has(word)) shared += 1;
            bruteBest = Math.min(bruteBest, 1 - shared / Math.sqrt(querySet.size * lineSet.size));
          }
          assert.ok(Math.abs(bruteBest - fast) < 1e-9, `${tokens}: ${fast} vs ${bruteBest}`);
        }
      }
    }
  });

  it('scores a single-model baseline against any target file name', () => {
    const report = analyzeWith(
      { baseline: [{ path: 'console.good', text: 'hello there world\n' }], target: [{ path: 'console.fail', text: 'hello there world\n' }] },
      options,
      {},
      { weighting: 'binary' },
    );
    assert.equal(report.files[0]?.model, 'console.good');
  });
});

describe('analysis across two analyzers (what two threads do)', () => {
  const baseline = [
    { path: 'controller/nova.log', text: 'Instance spawned on host\nVolume attached to instance\nPort bound for instance\n' },
    { path: 'controller/syslog.txt', text: 'kernel started\nsystemd reached target\nnetwork online\n' },
    { path: 'job-output.txt', text: 'TASK install packages\nTASK run tests\nPLAY RECAP ok\n' },
  ];
  const target = [
    { path: 'controller/nova.log', text: 'Instance spawned on host\nVolume detach failed for instance\nPort bound for instance\n' },
    { path: 'controller/syslog.txt', text: 'kernel started\nkernel panic not syncing\nnetwork online\nkernel panic not syncing\n' },
    { path: 'job-output.txt', text: 'TASK install packages\nTASK run tests FAILED\nPLAY RECAP failed\n' },
  ];

  it('carries a reader\'s 200k skipped files into the report', () => {
    const skipped = Array.from({ length: 200_000 }, (_, index) => ({ path: `logs/f${index}.bin`, side: 'target' as const, reason: 'binary' as const }));
    const report = analyze({ baseline, target, skipped }, DEFAULT_OPTIONS);
    assert.equal(report.skipped.filter((entry) => entry.reason === 'binary').length, 200_000);
  });

  it('a restored analyzer scores like the one that indexed the baseline, nearest lines filled in by id', () => {
    const whole = analyze({ baseline, target }, DEFAULT_OPTIONS);
    const main = new Analyzer(DEFAULT_OPTIONS);
    for (const file of baseline) main.addBaseline(file);
    main.train();
    const helper = new Analyzer(DEFAULT_OPTIONS);
    helper.restore(main.snapshot({ rawLines: false }));
    for (const file of target) helper.scoreTarget(file);
    const refs = helper.deferredNearest();
    assert.ok(refs.length > 0, 'the helper names nearest lines by id');
    const resolved = main.resolveNearest(helper.report(), refs);
    const comparable = (report: typeof whole) => ({ files: report.files, totals: { ...report.totals, baselineLines: 0 } });
    assert.deepEqual(comparable(resolved), comparable(whole));
    assert.ok(resolved.files.some((file) => file.anomalies.some((anomaly) => anomaly.nearest !== undefined)));
    // With the raw lines in the snapshot, the restored analyzer needs no help.
    const full = new Analyzer(DEFAULT_OPTIONS);
    full.restore(main.snapshot());
    for (const file of target) full.scoreTarget(file);
    assert.deepEqual(full.deferredNearest(), []);
    assert.deepEqual(comparable(full.report()), comparable(whole));
  });
});
