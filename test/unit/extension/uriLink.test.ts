// The vscode:// link's query is read as VS Code hands it (already decoded).
import * as assert from 'node:assert/strict';
import { linkFromUriQuery } from '../../../src/extension/uriLink';

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
