import * as assert from 'node:assert/strict';
import { parseLink, zuulApiRoot } from '../../../src/sources/links';
import { SourceError, displayUrl } from '../../../src/sources/sourceError';

const UUID = '0b5e4c2f9d8a4b7c8e1f2a3b4c5d6e7f';

describe('sources/links parseLink', () => {
  const gerrit: [string, { base: string; change: number; patchset?: string; project?: string }][] = [
    ['https://review.opendev.org/c/openstack/nova/+/912345', { base: 'https://review.opendev.org', change: 912345, project: 'openstack/nova' }],
    ['https://review.opendev.org/c/openstack/nova/+/912345/', { base: 'https://review.opendev.org', change: 912345, project: 'openstack/nova' }],
    ['https://review.opendev.org/c/openstack/nova/+/912345/3', { base: 'https://review.opendev.org', change: 912345, patchset: '3', project: 'openstack/nova' }],
    ['https://review.opendev.org/c/openstack/nova/+/912345/2..3', { base: 'https://review.opendev.org', change: 912345, patchset: '3', project: 'openstack/nova' }],
    ['https://review.opendev.org/c/openstack/nova/+/912345/3/nova/compute/manager.py', { base: 'https://review.opendev.org', change: 912345, patchset: '3', project: 'openstack/nova' }],
    ['https://review.opendev.org/c/openstack/nova/+/912345/edit', { base: 'https://review.opendev.org', change: 912345, project: 'openstack/nova' }],
    ['https://review.opendev.org/c/912345', { base: 'https://review.opendev.org', change: 912345 }],
    ['https://review.opendev.org/c/912345/4', { base: 'https://review.opendev.org', change: 912345, patchset: '4' }],
    ['https://review.opendev.org/#/c/912345/', { base: 'https://review.opendev.org', change: 912345 }],
    ['https://review.opendev.org/#/c/912345/2', { base: 'https://review.opendev.org', change: 912345, patchset: '2' }],
    ['https://review.opendev.org/912345', { base: 'https://review.opendev.org', change: 912345 }],
    ['https://softwarefactory-project.io/r/22894', { base: 'https://softwarefactory-project.io/r', change: 22894 }],
    ['https://softwarefactory-project.io/r/c/software-factory/sf-config/+/22894/1', { base: 'https://softwarefactory-project.io/r', change: 22894, patchset: '1', project: 'software-factory/sf-config' }],
    ['https://review.rdoproject.org/r/c/rdo-jobs/+/51234', { base: 'https://review.rdoproject.org/r', change: 51234, project: 'rdo-jobs' }],
    ['  https://review.opendev.org/c/zuul/zuul/+/835662?tab=comments  ', { base: 'https://review.opendev.org', change: 835662, project: 'zuul/zuul' }],
  ];
  for (const [url, expected] of gerrit) {
    it(`Gerrit: ${url.trim()}`, () => {
      const link = parseLink(url);
      assert.equal(link.kind, 'gerrit');
      if (link.kind !== 'gerrit') return;
      assert.equal(link.base, expected.base);
      assert.equal(link.change, expected.change);
      assert.equal(link.patchset, expected.patchset);
      assert.equal(link.project, expected.project);
    });
  }

  const zuul: [string, { kind: string; apiRoot: string; tenant?: string; zuulRoot: string }][] = [
    [`https://zuul.opendev.org/t/openstack/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://zuul.opendev.org/t/openstack/build/${UUID}/logs`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://zuul.opendev.org/t/openstack/build/${UUID}/console`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://zuul.opendev.org/t/openstack/build/${UUID}/artifacts`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://zuul.opendev.org/t/openstack/build/${UUID}/log/job-output.txt#12`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://softwarefactory-project.io/zuul/t/rdoproject.org/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://softwarefactory-project.io/zuul/api/tenant/rdoproject.org/', tenant: 'rdoproject.org', zuulRoot: 'https://softwarefactory-project.io/zuul/' }],
    [`https://review.rdoproject.org/zuul/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://review.rdoproject.org/zuul/api/', zuulRoot: 'https://review.rdoproject.org/zuul/' }],
    [`https://review.rdoproject.org/zuul/build/${UUID}/logs`, { kind: 'zuulBuild', apiRoot: 'https://review.rdoproject.org/zuul/api/', zuulRoot: 'https://review.rdoproject.org/zuul/' }],
    [`https://zuul.opendev.org/t/openstack/buildset/${UUID}`, { kind: 'zuulBuildset', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://review.rdoproject.org/zuul/buildset/${UUID}`, { kind: 'zuulBuildset', apiRoot: 'https://review.rdoproject.org/zuul/api/', zuulRoot: 'https://review.rdoproject.org/zuul/' }],
    [`https://zuul.opendev.org/api/tenant/openstack/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    // Old dashboards routed in the fragment; the API still lives under the page's path.
    [`https://zuul.opendev.org/#/t/openstack/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://zuul.opendev.org/api/tenant/openstack/', tenant: 'openstack', zuulRoot: 'https://zuul.opendev.org/' }],
    [`https://softwarefactory-project.io/zuul/#/t/local/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://softwarefactory-project.io/zuul/api/tenant/local/', tenant: 'local', zuulRoot: 'https://softwarefactory-project.io/zuul/' }],
    [`https://softwarefactory-project.io/zuul/#/t/local/buildset/${UUID}`, { kind: 'zuulBuildset', apiRoot: 'https://softwarefactory-project.io/zuul/api/tenant/local/', tenant: 'local', zuulRoot: 'https://softwarefactory-project.io/zuul/' }],
    [`https://review.rdoproject.org/zuul/#/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://review.rdoproject.org/zuul/api/', zuulRoot: 'https://review.rdoproject.org/zuul/' }],
    [`https://softwarefactory-project.io/zuul/#/t/local/build/${UUID}?tab=logs`, { kind: 'zuulBuild', apiRoot: 'https://softwarefactory-project.io/zuul/api/tenant/local/', tenant: 'local', zuulRoot: 'https://softwarefactory-project.io/zuul/' }],
    [`https://softwarefactory-project.io/zuul/index.html#/t/local/build/${UUID}`, { kind: 'zuulBuild', apiRoot: 'https://softwarefactory-project.io/zuul/api/tenant/local/', tenant: 'local', zuulRoot: 'https://softwarefactory-project.io/zuul/' }],
  ];
  for (const [url, expected] of zuul) {
    it(`Zuul: ${url}`, () => {
      const link = parseLink(url);
      assert.equal(link.kind, expected.kind);
      if (link.kind !== 'zuulBuild' && link.kind !== 'zuulBuildset') return;
      assert.equal(link.uuid, UUID);
      assert.equal(link.apiRoot, expected.apiRoot);
      assert.equal(link.zuulRoot, expected.zuulRoot);
      assert.equal(link.tenant, expected.tenant);
    });
  }

  const logs: [string, string, boolean][] = [
    ['https://abc.ssl.cf5.rackcdn.com/742165/2/check/tox-pep8/45fcac2/', 'https://abc.ssl.cf5.rackcdn.com/742165/2/check/tox-pep8/45fcac2/', false],
    ['https://abc.ssl.cf5.rackcdn.com/742165/2/check/tox-pep8/45fcac2', 'https://abc.ssl.cf5.rackcdn.com/742165/2/check/tox-pep8/45fcac2/', false],
    ['https://softwarefactory-project.io/logs/94/22894/1/gate/hlint/5bae560/job-output.txt', 'https://softwarefactory-project.io/logs/94/22894/1/gate/hlint/5bae560/job-output.txt', true],
    ['https://logs.example.org/a/b/controller/logs/syslog.txt.gz', 'https://logs.example.org/a/b/controller/logs/syslog.txt.gz', true],
    ['https://logs.example.org/periodic/opendev.org/openstack/nova/master/nova-tox/0a1b2c3/', 'https://logs.example.org/periodic/opendev.org/openstack/nova/master/nova-tox/0a1b2c3/', false],
    ['https://localhost/42', 'https://localhost/42/', false],
    // A Gerrit host that also serves logs: a build's log folder named by digits is no change.
    ['https://softwarefactory-project.io/logs/94/22894/1/gate/hlint/5093712/', 'https://softwarefactory-project.io/logs/94/22894/1/gate/hlint/5093712/', false],
    ['https://review.rdoproject.org/logs/12/34/5/check/job/1234567/', 'https://review.rdoproject.org/logs/12/34/5/check/job/1234567/', false],
    // A log folder named `c`.
    ['https://logs.example.org/a/b/controller/c/notes.txt', 'https://logs.example.org/a/b/controller/c/notes.txt', true],
  ];
  for (const [url, expected, file] of logs) {
    it(`logs: ${url}`, () => {
      const link = parseLink(url);
      assert.deepEqual(link, { kind: 'logs', url: expected, file });
    });
  }

  it('local paths, file URLs and Windows paths', () => {
    assert.deepEqual(parseLink('/tmp/logs'), { kind: 'local', path: '/tmp/logs' });
    assert.deepEqual(parseLink('./logs/job-output.txt'), { kind: 'local', path: './logs/job-output.txt' });
    assert.deepEqual(parseLink('file:///tmp/my%20logs/'), { kind: 'local', path: '/tmp/my logs/' });
    assert.deepEqual(parseLink('C:\\logs\\job-output.txt'), { kind: 'local', path: 'C:\\logs\\job-output.txt' });
  });

  it('a bare number on an unknown host is a log directory, on a configured Gerrit host a change', () => {
    assert.equal(parseLink('https://logs.example.org/42').kind, 'logs');
    assert.equal(parseLink('https://gerrit.example.org/42', { gerritHosts: ['gerrit.example.org'] }).kind, 'gerrit');
    assert.equal(parseLink('https://example.org/gerrit/42', { gerritHosts: ['example.org/gerrit'] }).kind, 'gerrit');
  });

  const malformed: [string, RegExp][] = [
    ['', /Empty link/],
    ['   ', /Empty link/],
    ['ftp://logs.example.org/x/', /Unsupported link scheme "ftp:"/],
    ['ssh://review.opendev.org:29418/openstack/nova', /Unsupported link scheme/],
    ['https://review.opendev.org/c/openstack/nova/+/abc', /not a number/],
    ['https://review.opendev.org/c/abc', /not a number/],
    ['https://zuul.opendev.org/t/openstack/build/not-a-uuid', /not a 32-character build id/],
    ['https://zuul.opendev.org/t/openstack/build/123473ce599466e9ae1645f6b123412', /not a 32-character build id/],
    ['https://zuul.opendev.org/t/openstack/status', /not a single build/],
    ['https://zuul.opendev.org/t/openstack/builds?job_name=x', /not a single build/],
    ['https://zuul.opendev.org/', /bare host/],
    ['http://', /Malformed URL/],
  ];
  for (const [input, message] of malformed) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseLink(input), (error: unknown) => SourceError.is(error, 'badLink') && message.test(error.message));
    });
  }

  it('zuulApiRoot encodes the tenant and handles white-labelling', () => {
    assert.equal(zuulApiRoot('https://z.example.org/zuul', 'rdoproject.org'), 'https://z.example.org/zuul/api/tenant/rdoproject.org/');
    assert.equal(zuulApiRoot('https://z.example.org/zuul/', undefined), 'https://z.example.org/zuul/api/');
  });
});

describe('sources/links: what a link error or a stored link shows of a pasted link', () => {
  it('never shows its credentials or query, nor a query inside a hash-routed page', () => {
    for (const link of ['https://alice:s3cr3t@logs.example.org/?token=QQQ', 'https://alice:s3cr3t@review.example.org/c/p/+/abc?token=QQQ']) {
      assert.throws(() => parseLink(link), (error: unknown) => SourceError.is(error, 'badLink') && !/s3cr3t|QQQ/.test(error.message));
    }
    assert.equal(displayUrl('https://alice:s3cr3t@zuul.example.org/#/t/x/build/0123?token=QQQ'), 'https://zuul.example.org/#/t/x/build/0123');
  });
});
