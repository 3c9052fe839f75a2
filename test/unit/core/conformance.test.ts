// Keeps the LogReduce conformance suite at 100% accuracy and 0% false-positive chunks (upstream's scoring and
// thresholds), reading the datasets from ../shared at run time.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listDatasets, runConformanceCase } from '../../../scripts/lib/conformanceCase';
import { parseInfYaml } from '../../../scripts/lib/infYaml';

const root = join(process.cwd(), '..', 'shared', 'data', 'conformance');

describe('conformance datasets', () => {
  it('parses inf.yaml shapes: thresholds, blocks, optional items, comments', () => {
    const info = parseInfYaml('threshold: 0.4\nanomalies:\n  - line: |\n      first one\n\n  # note\n  - optional: True\n    line: + break\n');
    assert.equal(info.threshold, 0.4);
    assert.deepEqual(info.anomalies, [{ line: 'first one', optional: false }, { line: '+ break', optional: true }]);
  });

  const datasets = existsSync(root) ? listDatasets(root) : [];
  it('finds the 9 datasets', () => assert.equal(datasets.length, 9));
  for (const dataset of datasets) {
    it(`${dataset}: every required anomaly, no false-positive chunk`, () => {
      const result = runConformanceCase(root, dataset);
      assert.deepEqual(result.missing, []);
      assert.deepEqual(result.falsePositiveChunks, []);
      assert.equal(result.accuracy, 1);
    });
  }
});
