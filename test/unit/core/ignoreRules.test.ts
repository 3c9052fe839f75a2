import { strict as assert } from 'node:assert';
import { DEFAULT_EXCLUDES, explainIgnore, isIgnoredPath, validateExcludes } from '../../../src/core/ignoreRules';

describe('ignore rules', () => {
  it('ignores binaries and noise files, also compressed', () => {
    assert.ok(isIgnoredPath('logs/screenshot.png'));
    assert.ok(isIgnoredPath('logs/screenshot.PNG.gz'));
    assert.ok(isIgnoredPath('zuul-info/inventory.yaml'));
    assert.ok(isIgnoredPath('logs/ps.txt'));
    assert.ok(isIgnoredPath('zuul-manifest.json'));
    assert.ok(isIgnoredPath('logs/.git/HEAD'));
  });

  it('escapes dots: no accidental matches (quirks 9 and 10)', () => {
    assert.equal(isIgnoredPath('logs/refresh'), undefined);
    assert.equal(isIgnoredPath('logs/happy'), undefined);
    assert.equal(isIgnoredPath('logs/last_run.log'), undefined);
    assert.equal(isIgnoredPath('logs/psql.txt'), undefined);
    assert.equal(isIgnoredPath('job-output.txt'), undefined);
  });

  it('returns the matched rule, accepts extra rules and replacing the defaults', () => {
    assert.equal(isIgnoredPath('a/b.png'), DEFAULT_EXCLUDES[0]);
    assert.equal(isIgnoredPath('logs/debug.log', { excludes: ['debug\\.log$'] }), 'debug\\.log$');
    assert.equal(isIgnoredPath('a/b.png', { excludes: [], replaceDefaultExcludes: true }), undefined);
  });

  it('reports invalid user patterns clearly', () => {
    assert.equal(validateExcludes(['(']).length, 1);
    assert.throws(() => isIgnoredPath('x', { excludes: ['('] }), /invalid exclude pattern/);
  });

  it('explains a skip by the part of the path a rule matched', () => {
    assert.equal(explainIgnore('zuul-info/inventory.yaml', DEFAULT_EXCLUDES[0] ?? ''), 'default rule ".yaml"');
    assert.equal(explainIgnore('logs/zuul-info/x.txt', DEFAULT_EXCLUDES[2] ?? ''), 'default rule "zuul-info/"');
    assert.equal(explainIgnore('logs/debug.log', 'debug\\.log$'), 'exclude pattern debug\\.log$');
  });
});
