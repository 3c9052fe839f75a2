// Zuul and Gerrit resolution: both build JSON shapes (real examples from ../shared and the fixture server),
// white-label detection, the Gerrit-comments fallback, baseline scoring and choice.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFixtureServer, type FixtureServer } from '../../fixtures/fixtureServer';
import { rankBaselines, scoreBaseline, parseZuulTime } from '../../../src/sources/baselines';
import { DEFAULT_SOURCE_SETTINGS, failedBuilds, resolveTarget, type BuildInfo, type SourceSettings } from '../../../src/sources/flow';
import { decodeGerritChange, parseZuulReports } from '../../../src/sources/gerrit';
import { HttpClient } from '../../../src/sources/http';
import { SourceError } from '../../../src/sources/sourceError';
import { ZuulClient, decodeBuild, detectWhiteLabel } from '../../../src/sources/zuul';

const ZUUL_DATA = path.resolve('../shared/data/zuul');
const readJson = (rel: string): unknown => {
  const text = readFileSync(path.join(ZUUL_DATA, rel), 'utf8');
  return JSON.parse(text.replace(/^\)\]\}'\n/, ''));
};

describe('sources/zuul build decoding (real examples)', () => {
  it('decodes the Zuul >= 10 shape (nested ref)', () => {
    const build = decodeBuild(readJson('zuul-api-examples/build_v10_opendev_nodepool.json'));
    assert.deepEqual(build, {
      uuid: 'e09e82136d714711a5d01051bc633e65', jobName: 'nodepool-functional-container-openstack-release', result: 'FAILURE', voting: true,
      logUrl: 'https://localhost/log_url/', project: 'zuul/nodepool', branch: 'master', pipeline: 'check', change: 908952, patchset: '1',
      refUrl: 'https://review.opendev.org/908952', endTime: '2024-02-13T23:39:24',
    });
  });

  it('decodes the pre-10 flat shape', () => {
    const build = decodeBuild(readJson('zuul-api-examples/build_pre_v10_softwarefactory_hlint.json'), { zuulRoot: 'https://softwarefactory-project.io/zuul/', tenant: 'local' });
    assert.equal(build?.project, 'software-factory/matrix-client-haskell');
    assert.equal(build?.change, 22894);
    assert.equal(build?.patchset, '1');
    assert.equal(build?.pipeline, 'gate');
    assert.equal(build?.refUrl, 'https://softwarefactory-project.io/r/22894');
    assert.equal(build?.webUrl, 'https://softwarefactory-project.io/zuul/t/local/build/5bae5607ae964331bb5878aec0777637');
    const mock = decodeBuild(readJson('zuul-api-examples/build_pre_v10_logjuicer_mock.json'));
    assert.equal(mock?.voting, false);
    assert.equal(mock?.logUrl, 'https://localhost/42/');
  });

  it('decodes a builds list with null log_url entries and skips undecodable items', () => {
    const list = readJson('zuul-api-examples/builds_pre_v10_ci-log-processing.json') as unknown[];
    const decoded = [...list, { uuid: null, job_name: 'x', result: 'SKIPPED' }, 'garbage', null].map((b) => decodeBuild(b)).filter((b) => b !== undefined);
    assert.equal(decoded.length, list.length);
    assert.deepEqual(decoded.filter((b) => b?.logUrl === undefined).map((b) => b?.result), ['ABORTED', 'NODE_FAILURE']);
  });

  it('accepts builds with null change and patchset and no event_id', () => {
    const build = decodeBuild({ uuid: 'a'.repeat(32), job_name: 'j', result: 'SUCCESS', voting: true, log_url: 'https://l/x/', pipeline: 'periodic',
      ref: { project: 'p', branch: 'master', change: null, patchset: null, ref: 'refs/heads/master', ref_url: null } });
    assert.equal(build?.change, undefined);
    assert.equal(build?.patchset, undefined);
    assert.equal(build?.project, 'p');
  });
});

describe('sources/gerrit Zuul comments', () => {
  it('reads job lines, results and voting from the synthetic change', () => {
    const change = decodeGerritChange(readJson('synthetic/gerrit_change_with_zuul_messages.xssi.json'));
    assert.equal(change.currentPatchset, '3');
    const lines = parseZuulReports(change.messages);
    assert.deepEqual(lines.map((l) => [l.job, l.result, l.voting, l.patchset, l.pipeline]), [
      ['openstack-tox-pep8', 'SUCCESS', true, '3', 'check'],
      ['openstack-tox-py312', 'FAILURE', true, '3', 'check'],
      ['nova-next', 'FAILURE', false, '3', 'check'],
      ['nova-grenade-multinode', 'POST_FAILURE', true, '3', 'check'],
      ['tempest-integrated-compute', 'RETRY_LIMIT', true, '3', 'check'],
    ]);
    assert.equal(lines[1]?.url, 'https://zuul.opendev.org/t/openstack/build/b1b2c3d4e5f60718293a4b5c6d7e8f91');
  });

  it('reads Zuul v2 lines from real Gerrit stream events (log URLs, jenkins author)', () => {
    const events = readJson('elastic-recheck/gerrit-stream-events.json') as { comment?: string }[];
    const lines = parseZuulReports(events.filter((e) => typeof e.comment === 'string').map((e) => ({ date: '', message: e.comment ?? '' })));
    assert.ok(lines.length > 5);
    assert.ok(lines.every((l) => /^https?:\/\//.test(l.url) && /^[A-Z_]+$/.test(l.result)));
  });
});

describe('sources/baselines scoring', () => {
  const target: BuildInfo = { uuid: 't'.repeat(32), jobName: 'j', result: 'FAILURE', voting: true, project: 'p', branch: 'master', pipeline: 'check', change: 10, refUrl: 'https://g/10', endTime: '2025-03-10T12:00:00' };
  const now = parseZuulTime(target.endTime) ?? 0;
  const make = (id: string, fields: Partial<BuildInfo>): BuildInfo => ({ uuid: id.padEnd(32, '0'), jobName: 'j', result: 'SUCCESS', voting: true, logUrl: `https://l/${id}/`, ...fields });

  it('follows the LogJuicer weights', () => {
    assert.equal(scoreBaseline(target, make('a', { project: 'p', branch: 'master', pipeline: 'gate', endTime: '2025-03-09T12:00:00' }), now), 50 + 50 + 50 + 10 - 1);
    assert.equal(scoreBaseline(target, make('b', { project: 'p', change: 10, branch: 'master', pipeline: 'check', endTime: '2025-03-10T12:00:00' }), now), -500 + 50 + 10);
    assert.equal(scoreBaseline(target, make('c', { project: 'p', refUrl: 'https://g/10', branch: 'stable', pipeline: 'periodic-weekly', voting: false }), now), -500 + 50);
    assert.equal(scoreBaseline(target, make('d', { project: 'q', branch: 'master', endTime: '2025-02-28T12:00:00' }), now), 50 + 10 - 10);
  });

  it('ranks best first, stable, never the same change, the target or a build without logs', () => {
    const ranked = rankBaselines(target, [
      make('old', { project: 'p', branch: 'master', endTime: '2025-03-01T12:00:00' }),
      make('same', { project: 'p', change: 10, pipeline: 'gate' }),
      make('nolog', { project: 'p', logUrl: undefined }),
      make('failed', { project: 'p', result: 'FAILURE' }),
      { ...target },
      make('gate', { project: 'p', branch: 'master', pipeline: 'gate', endTime: '2025-03-09T12:00:00' }),
      make('tie1', { project: 'p' }),
      make('tie2', { project: 'p' }),
    ], now);
    assert.deepEqual(ranked.map((b) => b.uuid.replace(/0+$/, '')), ['gate', 'old', 'tie1', 'tie2']);
  });
});

describe('sources/flow failed build choice', () => {
  const build = (uuid: string, fields: Partial<BuildInfo>): BuildInfo => ({ uuid, jobName: 'j', result: 'FAILURE', voting: true, logUrl: `https://l/${uuid}/`, pipeline: 'check', ...fields });

  it('takes the last attempt of a retried job whatever the order of the list (a buildset lists the oldest first)', () => {
    const retry = build('retry', { result: 'RETRY', endTime: '2025-03-10T10:00:00' });
    const final = build('final', { result: 'RETRY_LIMIT', endTime: '2025-03-10T11:00:00' });
    assert.deepEqual(failedBuilds([retry, final]).map((b) => b.uuid), ['final']);
    assert.deepEqual(failedBuilds([final, retry]).map((b) => b.uuid), ['final']);
    // A recheck that passed hides the older failure; a recheck still running (no end time) does too.
    const passed = build('passed', { result: 'SUCCESS', endTime: '2025-03-10T12:00:00' });
    assert.deepEqual(failedBuilds([final, passed]), []);
    assert.deepEqual(failedBuilds([build('running', { result: '', endTime: undefined }), final]), []);
    // Other jobs keep their own newest build, voting ones first.
    const other = build('other', { jobName: 'k', voting: false, endTime: '2025-03-10T09:00:00' });
    const third = build('third', { jobName: 'l', endTime: '2025-03-10T08:00:00' });
    assert.deepEqual(failedBuilds([retry, other, third, final]).map((b) => b.uuid), ['final', 'third', 'other']);
  });
});

describe('sources/flow resolution against the fixture server', () => {
  let server: FixtureServer;
  let settings: SourceSettings;
  before(async () => {
    server = await startFixtureServer('sample');
    settings = { ...DEFAULT_SOURCE_SETTINGS, cacheDir: '/nonexistent', timeoutMs: 2000, attempts: 1 };
  });
  after(async () => server.close());

  it('detects white-labelled and multi-tenant deployments through /api/info', async () => {
    const http = new HttpClient(settings);
    assert.deepEqual(await detectWhiteLabel(http, server.whiteLabelRoot), { whiteLabel: true, tenant: 'openstack' });
    assert.deepEqual(await detectWhiteLabel(http, server.zuulRoot), { whiteLabel: false });
    const wl = await ZuulClient.connect(http, server.whiteLabelRoot, undefined);
    assert.equal(wl.apiRoot, `${server.whiteLabelRoot}api/`);
    await assert.rejects(ZuulClient.connect(http, server.zuulRoot, undefined), (e: unknown) => SourceError.is(e, 'badLink') && /tenant/.test(e.message));
  });

  it('reads the same build through both shapes', async () => {
    const http = new HttpClient(settings);
    const v10 = await new ZuulClient(http, `${server.zuulRoot}api/tenant/openstack/`, server.zuulRoot, 'openstack').getBuild(server.targetUuid);
    const legacy = await new ZuulClient(http, `${server.whiteLabelRoot}api/`, server.whiteLabelRoot, undefined).getBuild(server.targetUuid);
    const { webUrl: a, ...restV10 } = v10;
    const { webUrl: b, ...restLegacy } = legacy;
    assert.deepEqual(restV10, restLegacy);
    assert.equal(restV10.change, server.change);
    assert.notEqual(a, b);
  });

  it('Gerrit URL with a configured Zuul: asks builds?change&patchset, picks the voting failure, latest patchset', async () => {
    const host = new URL(server.url).host;
    const resolved = await resolveTarget(`${server.gerritBase}/c/openstack/nova/+/${server.change}`, { ...settings, zuulMap: { [`${host}/r`]: { url: server.zuulRoot, tenant: 'openstack' } } });
    assert.equal(resolved.kind, 'remote');
    if (resolved.kind !== 'remote') return;
    assert.equal(resolved.target?.uuid, server.targetUuid);
    assert.equal(resolved.change?.patchset, '3');
    assert.ok(server.requests.some((r) => r.path.startsWith('/zuul/api/tenant/openstack/builds?change=912345')));
  });

  it('Gerrit URL whose configured tenant has no build of the change: the builds Zuul\'s comments link, in their tenant', async () => {
    const host = new URL(server.url).host;
    const before = server.requests.length;
    const resolved = await resolveTarget(`${server.gerritBase}/c/openstack/nova/+/${server.change}`, { ...settings, zuulMap: { [host]: { url: server.zuulRoot, tenant: 'other-projects' } } });
    assert.ok(resolved.kind === 'remote' && resolved.target?.uuid === server.targetUuid);
    assert.equal(resolved.change?.patchset, '3');
    const made = server.requests.slice(before).map((r) => r.path);
    assert.ok(made.some((p) => p.startsWith('/zuul/api/tenant/other-projects/builds?change=912345')), made.join(' '));
    assert.ok(made.some((p) => p.startsWith('/zuul/api/tenant/openstack/builds?change=912345&patchset=3')), made.join(' '));
    // A Zuul given for the run alone is taken at its word.
    await assert.rejects(
      resolveTarget(`${server.gerritBase}/c/openstack/nova/+/${server.change}`, { ...settings, zuulOverride: { url: server.zuulRoot, tenant: 'other-projects' } }),
      (e: unknown) => SourceError.is(e, 'noBuild'),
    );
  });

  it('Gerrit URL naming a patchset gets that patchset', async () => {
    const host = new URL(server.url).host;
    const resolved = await resolveTarget(`${server.gerritBase}/c/openstack/nova/+/${server.change}/2`, { ...settings, zuulMap: { [host]: { url: server.zuulRoot, tenant: 'openstack' } } });
    assert.ok(resolved.kind === 'remote' && resolved.target?.patchset === '2' && resolved.target.result === 'FAILURE');
  });

  it('Gerrit without a configured Zuul: reads the comments (with and without XSSI prefix), then the white-label Zuul', async () => {
    for (const [gerrit, zuulPath] of [['/r', '/zuul/api/tenant/openstack/'], ['/r-plain', '/zuul/api/tenant/openstack/'], ['/wlr', '/wl/api/']] as const) {
      const before = server.requests.length;
      const resolved = await resolveTarget(`${server.url}${gerrit}/c/openstack/nova/+/${server.change}`, settings);
      assert.ok(resolved.kind === 'remote' && resolved.target?.uuid === server.targetUuid, gerrit);
      const made = server.requests.slice(before).map((r) => r.path);
      assert.ok(made.some((p) => p.startsWith(`${gerrit}/changes/openstack%2Fnova~912345?o=MESSAGES&o=CURRENT_REVISION`)), gerrit);
      assert.ok(made.some((p) => p.startsWith(`${zuulPath}builds?change=912345&patchset=3`)), `${gerrit}: ${made.join(' ')}`);
    }
  });

  it('uses /a/ and Basic auth for Gerrit when credentials exist, bearer for Zuul', async () => {
    const auth = await startFixtureServer({ name: 'sample', auth: { zuulToken: 'tok', gerritUser: 'me', gerritPassword: 'pw' } });
    try {
      const authHeaders = async (url: string): Promise<Record<string, string>> =>
        url.startsWith(`${auth.url}/r`) ? { Authorization: `Basic ${Buffer.from('me:pw').toString('base64')}` } : url.includes('/api/') ? { Authorization: 'Bearer tok' } : {};
      const resolved = await resolveTarget(`${auth.gerritBase}/c/openstack/nova/+/${auth.change}`, { ...settings, authHeaders });
      assert.ok(resolved.kind === 'remote' && resolved.target?.uuid === auth.targetUuid);
      assert.ok(auth.requests.some((r) => r.path.startsWith('/r/a/changes/')));
      await assert.rejects(resolveTarget(`${auth.url}/zuul/t/openstack/build/${auth.targetUuid}`, settings), (e: unknown) => SourceError.is(e, 'unauthorized'));
      // Only a user and password send Gerrit to /a/: a Zuul token stored for the same host would be refused there.
      const before = auth.requests.length;
      // As the extension's store keys them: one credential for the whole host.
      const zuulTokenOnly = async (url: string): Promise<Record<string, string>> => (new URL(url).host === new URL(auth.url).host ? { Authorization: 'Bearer tok' } : {});
      const anonymous = await resolveTarget(`${auth.gerritBase}/c/openstack/nova/+/${auth.change}`, { ...settings, authHeaders: zuulTokenOnly });
      assert.ok(anonymous.kind === 'remote' && anonymous.target?.uuid === auth.targetUuid);
      const gerritCalls = auth.requests.slice(before).filter((r) => r.path.startsWith('/r/'));
      assert.ok(gerritCalls.length > 0 && gerritCalls.every((r) => r.path.startsWith('/r/changes/')), gerritCalls.map((r) => r.path).join(' '));
    } finally {
      await auth.close();
    }
  });

  it('several failed builds go through pickBuild, voting first', async () => {
    let offered: string[] = [];
    const resolved = await resolveTarget(`${server.gerritBase}/c/openstack/nova/+/${server.change}`, settings, {
      pickBuild: async (builds) => {
        offered = builds.map((b) => `${b.jobName}:${b.voting}`);
        return builds[1];
      },
    });
    assert.deepEqual(offered, [`${server.jobName}:true`, `${server.jobName}-nv:false`]);
    assert.ok(resolved.kind === 'remote' && resolved.target?.jobName === `${server.jobName}-nv`);
  });

  it('Zuul build and buildset URLs, multi-tenant and white-labelled', async () => {
    for (const url of [`${server.zuulRoot}t/openstack/build/${server.targetUuid}/logs`, `${server.whiteLabelRoot}build/${server.targetUuid}`]) {
      const resolved = await resolveTarget(url, settings);
      assert.ok(resolved.kind === 'remote' && resolved.target?.uuid === server.targetUuid, url);
    }
    const buildset = server.builds.find((b) => b.uuid === server.targetUuid)?.buildset ?? '';
    for (const url of [`${server.zuulRoot}t/openstack/buildset/${buildset}`, `${server.whiteLabelRoot}buildset/${buildset}`]) {
      const resolved = await resolveTarget(url, settings);
      assert.ok(resolved.kind === 'remote' && resolved.target?.uuid === server.targetUuid, url);
      // Before Zuul 10 only the buildset names the change: without it a recheck of this change could be a baseline.
      assert.equal(resolved.target?.change, server.change, url);
      assert.equal(resolved.target?.project, server.project, url);
      assert.equal(resolved.change?.number, server.change, url);
    }
  });

  it('unknown change and unknown build are notFound; a change without failures is noBuild', async () => {
    await assert.rejects(resolveTarget(`${server.gerritBase}/c/openstack/nova/+/1`, settings), (e: unknown) => SourceError.is(e, 'notFound'));
    await assert.rejects(resolveTarget(`${server.zuulRoot}t/openstack/build/${'f'.repeat(32)}`, settings), (e: unknown) => SourceError.is(e, 'notFound'));
    await assert.rejects(resolveTarget(`${server.zuulRoot}t/nope/build/${server.targetUuid}`, settings), (e: unknown) => SourceError.is(e, 'notFound'));
    const host = new URL(server.url).host;
    await assert.rejects(resolveTarget(`${server.gerritBase}/c/openstack/nova/+/900001`, { ...settings, zuulMap: { [host]: { url: server.zuulRoot, tenant: 'openstack' } } }),
      (e: unknown) => SourceError.is(e, 'noBuild') && /SUCCESS/.test(e.message));
  });
});
