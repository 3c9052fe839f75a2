// Settings typed by hand are checked before an analysis.
import * as assert from 'node:assert/strict';
import { settingsProblem } from '../../../src/extension/settingsCheck';

describe('settings checks', () => {
  const valid = { zuulMap: { 'review.example.org': { url: 'https://zuul.example.org', tenant: 't' } }, include: ['**/*.log'], exclude: ['*.{svg,png}'] };

  it('accepts valid settings', () => {
    assert.equal(settingsProblem(valid), undefined);
    assert.equal(settingsProblem({ zuulMap: {}, include: [], exclude: [] }), undefined);
  });

  it('names the setting of a Zuul URL without a scheme, and of a glob that cannot be read', () => {
    assert.match(settingsProblem({ ...valid, zuulMap: { 'review.example.org': { url: 'zuul.example.org' } } }) ?? '', /^logTriage\.zuulMap\["review\.example\.org"\]\.url must be an http\(s\) URL/);
    assert.match(settingsProblem({ ...valid, zuulMap: { g: { url: 'ftp://zuul.example.org' } } }) ?? '', /logTriage\.zuulMap\["g"\]/);
    assert.match(settingsProblem({ ...valid, exclude: ['*.{log,txt'] }) ?? '', /^logTriage\.exclude holds a glob that cannot be read: "\*\.\{log,txt"/);
    assert.match(settingsProblem({ ...valid, include: ['a{b'] }) ?? '', /^logTriage\.include/);
  });
});
