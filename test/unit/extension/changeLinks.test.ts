// Which URLs in text become "analyze" links: Gerrit change forms from docs/zuul-gerrit.md §2.1 and Zuul build pages.
import * as assert from 'node:assert/strict';
import { findChangeLinks, MAX_LINKS } from '../../../src/extension/changeLinks';

function urls(text: string, hosts: string[] = []): string[] {
  return findChangeLinks(text, hosts).map((link) => `${link.kind} ${text.slice(link.start, link.end)}`);
}

describe('change and build links', () => {
  it('finds every Gerrit change URL form, with prefixes and patchsets', () => {
    const text = [
      'see https://review.opendev.org/c/openstack/nova/+/912345 for details',
      'patchset https://review.opendev.org/c/openstack/nova/+/912345/3.',
      'range https://review.opendev.org/c/openstack/nova/+/912345/1..3 and legacy https://review.opendev.org/c/912345/2',
      'old gwt (https://review.openstack.org/#/c/60244/12/) closed',
      'prefixed https://softwarefactory-project.io/r/c/software-factory/sf-config/+/22894',
      'nested project https://review.example.org/c/a/b/c/+/7',
    ].join('\n');
    assert.deepEqual(urls(text), [
      'change https://review.opendev.org/c/openstack/nova/+/912345',
      'change https://review.opendev.org/c/openstack/nova/+/912345/3',
      'change https://review.opendev.org/c/openstack/nova/+/912345/1..3',
      'change https://review.opendev.org/c/912345/2',
      'change https://review.openstack.org/#/c/60244/12/',
      'change https://softwarefactory-project.io/r/c/software-factory/sf-config/+/22894',
      'change https://review.example.org/c/a/b/c/+/7',
    ]);
  });

  it('finds Zuul build and buildset pages, with or without a tenant', () => {
    const uuid = '0b5e4c2f9d8a4b7c8e1f2a3b4c5d6e7f';
    const text = `- tempest https://zuul.opendev.org/t/openstack/build/${uuid} : FAILURE\nset https://review.rdoproject.org/zuul/buildset/${uuid}`;
    assert.deepEqual(urls(text), [`build https://zuul.opendev.org/t/openstack/build/${uuid}`, `build https://review.rdoproject.org/zuul/buildset/${uuid}`]);
  });

  it('leaves other URLs alone, and links bare change numbers only on hosts mapped to a Zuul', () => {
    const text = 'docs https://docs.opendev.org/c/whatever and ref https://review.opendev.org/908952 and https://example.org/42';
    assert.deepEqual(urls(text), []);
    assert.deepEqual(urls(text, ['review.opendev.org']), ['change https://review.opendev.org/908952']);
  });

  it('stops at a fixed number of links in a huge document', () => {
    const text = Array.from({ length: MAX_LINKS + 50 }, (_, index) => `https://review.example.org/c/${index + 1}`).join('\n');
    assert.equal(findChangeLinks(text).length, MAX_LINKS);
  });
});
