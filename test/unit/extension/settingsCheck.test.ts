// Settings typed by hand are checked before an analysis, and the vscode:// link's query is read as VS Code hands it.
import * as assert from 'node:assert/strict';
import { linkFromUriQuery, settingsProblem } from '../../../src/extension/settingsCheck';

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

describe('vscode:// link query', () => {
  it('keeps the + of a Gerrit change URL and the & of a log URL (VS Code hands the query decoded)', () => {
    assert.equal(linkFromUriQuery('url=https://review.opendev.org/c/openstack/nova/+/912345'), 'https://review.opendev.org/c/openstack/nova/+/912345');
    assert.equal(linkFromUriQuery('url=https://logs.example.org/x?a=1&b=2'), 'https://logs.example.org/x?a=1&b=2');
    assert.equal(linkFromUriQuery('source=gerrit&url=https://zuul.example.org/t/t/build/abc'), 'https://zuul.example.org/t/t/build/abc');
    assert.equal(linkFromUriQuery('url=  https://x.example.org/  '), 'https://x.example.org/');
    assert.equal(linkFromUriQuery('other=1'), '');
    assert.equal(linkFromUriQuery(''), '');
  });
});
