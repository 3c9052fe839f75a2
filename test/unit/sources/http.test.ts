// HTTP failure handling against the real fixture server: each fault route must become the right SourceError.
import * as assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../../fixtures/fixtureServer';
import { HttpClient, credentialsAllowedFor, isLoginPage, loginRedirect, mayCarryCredentials } from '../../../src/sources/http';
import { SourceError, type SourceFailure } from '../../../src/sources/sourceError';

describe('sources/http against the fixture server', () => {
  let server: FixtureServer;
  const fast = { timeoutMs: 300, deadlineMs: 700, attempts: 3, retryDelayMs: 10 };
  before(async () => {
    server = await startFixtureServer('sample');
  });
  after(async () => server.close());

  async function failure(promise: Promise<unknown>): Promise<SourceError> {
    try {
      await promise;
    } catch (error) {
      if (SourceError.is(error)) return error;
      throw error;
    }
    assert.fail('expected a SourceError');
  }

  const cases: [string, SourceFailure, 'api' | 'logs'][] = [
    ['/fault/status/404', 'notFound', 'api'],
    ['/fault/status/401', 'unauthorized', 'api'],
    ['/fault/status/403', 'unauthorized', 'api'],
    ['/fault/status/410', 'expired', 'logs'],
    ['/fault/status/429', 'rateLimited', 'api'],
    ['/fault/status/500', 'network', 'api'],
    ['/fault/status/503', 'network', 'logs'],
    ['/fault/slow/3000', 'timeout', 'api'],
    ['/fault/trickle', 'timeout', 'logs'],
    ['/fault/reset', 'network', 'api'],
    ['/fault/loop/a', 'redirectLoop', 'logs'],
    ['/fault/login-redirect', 'loginRequired', 'api'],
    ['/fault/login-redirect', 'loginRequired', 'logs'],
    ['/fault/login-page', 'loginRequired', 'api'],
    // 1 MiB of `<form>` without a password field, on which the old login-page pattern backtracked for minutes.
    ['/fault/hostile-html/forms/', 'badResponse', 'api'],
  ];
  for (const [route, reason, purpose] of cases) {
    it(`${route} (${purpose}) → ${reason}`, async () => {
      const http = new HttpClient(fast);
      const error = await failure(purpose === 'api' ? http.getJson(server.url + route) : http.get(server.url + route, { purpose }));
      assert.equal(error.reason, reason, error.message);
      assert.ok(error.message.length > 10);
    });
  }

  it('retries a 500 with backoff and then succeeds', async () => {
    const http = new HttpClient(fast);
    const body = await http.getJson(`${server.url}/fault/flaky/k1/2`);
    assert.deepEqual(body, { ok: true, attempts: 3 });
    assert.equal(server.requests.filter((r) => r.path === '/fault/flaky/k1/2').length, 3);
  });

  it('tells of each retry before it waits, and lets one call take fewer attempts', async () => {
    const notices: { attempt: number; attempts: number; message: string }[] = [];
    const http = new HttpClient({ ...fast, onRetry: ({ attempt, attempts, message }) => notices.push({ attempt, attempts, message }) });
    await http.getJson(`${server.url}/fault/flaky/k4/2`);
    assert.deepEqual(notices.map(({ attempt, attempts }) => [attempt, attempts]), [[2, 3], [3, 3]]);
    assert.match(notices[0]?.message ?? '', /500/);
    notices.length = 0;
    const once = await failure(http.get(`${server.url}/fault/flaky/k5/2`, { purpose: 'logs', attempts: 1 }));
    assert.equal(once.reason, 'network');
    assert.deepEqual(notices, []);
    assert.equal(server.requests.filter((r) => r.path === '/fault/flaky/k5/2').length, 1);
  });

  it('gives up after the configured attempts', async () => {
    const http = new HttpClient({ ...fast, attempts: 2 });
    const error = await failure(http.getJson(`${server.url}/fault/flaky/k2/5`));
    assert.equal(error.reason, 'network');
    assert.equal(error.status, 500);
    assert.equal(server.requests.filter((r) => r.path === '/fault/flaky/k2/5').length, 2);
  });

  it('does not retry a 404 or a 401', async () => {
    const before = server.requests.length;
    const http = new HttpClient(fast);
    await failure(http.getJson(`${server.url}/fault/status/404`));
    await failure(http.getJson(`${server.url}/fault/status/401`));
    assert.equal(server.requests.length - before, 2);
  });

  it('cancellation stops a slow request at once with reason cancelled', async () => {
    const http = new HttpClient({ ...fast, timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failure(http.get(`${server.url}/fault/slow/5000`, { purpose: 'api', signal: controller.signal }));
    assert.equal(error.reason, 'cancelled');
    assert.ok(Date.now() - started < 2000);
  });

  it('never puts auth headers in error messages, and sends them only to the asked host', async () => {
    const secret = 'Bearer s3cr3t-token-value';
    const http = new HttpClient({ ...fast, authHeaders: async (url): Promise<Record<string, string>> => (url.includes('127.0.0.1') ? { Authorization: secret } : {}) });
    for (const route of ['/fault/status/401', '/fault/status/500', '/fault/login-redirect', '/fault/loop/a']) {
      const error = await failure(http.get(server.url + route, { purpose: 'logs' }));
      assert.ok(!error.message.includes('s3cr3t') && !String(error.stack).includes('s3cr3t'), route);
    }
    assert.ok(server.requests.some((r) => r.authorization === secret));
  });

  it('follows a move whatever words its path holds; a redirect to a login is still one', async () => {
    const http = new HttpClient(fast);
    // A log tree holds auth.log, and job names hold oidc or sso: a moved prefix keeps them and is no login.
    const log = await http.get(`${server.url}/fault/moved/same/fault/flaky/auth.log/0`, { purpose: 'logs' });
    assert.equal(log.status, 200);
    // A Gerrit that moved host (review.openstack.org to review.opendev.org) keeps the path of the API call.
    assert.deepEqual(await http.getJson(`${server.url}/fault/moved/other/fault/flaky/moved-host/0`), { ok: true, attempts: 1 });
    const at = (url: string): URL => new URL(url);
    const job = 'https://logs.example.org/45/912345/3/check/keystone-dsvm-oidc-federation/0b5e4c2/';
    assert.equal(loginRedirect(at(job), at(job.replace('logs.', 'logs2.')), 'api'), undefined);
    assert.equal(loginRedirect(at(`http://logs.example.org/x/auth.log`), at(`https://logs.example.org/x/auth.log`), 'logs'), undefined);
    assert.equal(loginRedirect(at(`${job}auth.log`), at('https://logs.example.org/login?next=/x/auth.log'), 'logs'), 'loginPath');
    assert.equal(loginRedirect(at('https://zuul.example.org/api/tenant/t/builds'), at('https://sso.example.org/realms/x/protocol/openid-connect/auth?client_id=zuul'), 'api'), 'loginPath');
    assert.equal(loginRedirect(at('https://zuul.example.org/api/tenant/t/builds'), at('https://idp.example.org/start'), 'api'), 'otherHost');
    assert.equal(loginRedirect(at('https://logs.example.org/x/a.txt'), at('https://cdn.example.org/blob/123'), 'logs'), undefined);
  });

  it('keeps credentials to the asked host in a redirect chain, and off plain http once it started on https', () => {
    const at = (url: string): URL => new URL(url);
    assert.equal(mayCarryCredentials(at('https://zuul.example.org/api/x'), at('https://zuul.example.org/api/y')), true);
    assert.equal(mayCarryCredentials(at('http://zuul.example.org/api/x'), at('https://zuul.example.org/api/x')), true, 'an upgrade to https keeps them');
    assert.equal(mayCarryCredentials(at('https://zuul.example.org/api/x'), at('http://zuul.example.org/api/x')), false, 'a downgrade to http drops them');
    assert.equal(mayCarryCredentials(at('https://zuul.example.org/api/x'), at('https://logs.example.org/x')), false, 'another host gets none');
    assert.equal(mayCarryCredentials(at('https://zuul.example.org/api/x'), at('https://zuul.example.org:8443/api/x')), false, 'nor another port');
  });

  it('sends no credentials over plain http to another machine, even when stored for its host', async () => {
    const secret = 'Bearer plain-http-secret';
    // Through the fixture server as a forward proxy, a plain-http request to another host is observable.
    const http = new HttpClient({ ...fast, proxy: server.url, authHeaders: async (): Promise<Record<string, string>> => ({ Authorization: secret }) });
    await http.getJson('http://gerrit.example.invalid/fault/flaky/plain-http/0');
    const request = server.requests.find((r) => r.path === '/fault/flaky/plain-http/0');
    assert.ok(request, 'the request reached the server');
    assert.equal(request.authorization, undefined);
    assert.equal(credentialsAllowedFor(new URL('https://review.example.org/a/changes/1')), true);
    assert.equal(credentialsAllowedFor(new URL('http://review.example.org/a/changes/1')), false);
    assert.equal(credentialsAllowedFor(new URL('http://127.0.0.1:8080/a/changes/1')), true, 'this machine');
    assert.equal(credentialsAllowedFor(new URL('http://localhost/x')), true);
    assert.equal(credentialsAllowedFor(new URL('http://[::1]/x')), true);
  });

  it('sends requests through settings.proxy', async () => {
    // The fixture server routes by path, so it can stand in for a forward proxy: a host that cannot resolve
    // (.invalid) is reachable only through it.
    const http = new HttpClient({ ...fast, proxy: server.url });
    assert.deepEqual(await http.getJson('http://zuul.example.invalid/fault/flaky/proxy/0'), { ok: true, attempts: 1 });
    assert.ok(server.requests.some((r) => r.path === '/fault/flaky/proxy/0'));
  });

  it('strips the XSSI prefix and accepts a body without it', async () => {
    const http = new HttpClient(fast);
    const withPrefix = await http.getJson(`${server.url}/r/changes/openstack%2Fnova~912345?o=MESSAGES`);
    const without = await http.getJson(`${server.url}/r-plain/changes/912345?o=MESSAGES`);
    assert.equal((withPrefix as { _number: number })._number, 912345);
    assert.equal((without as { _number: number })._number, 912345);
  });

  it('tells a login page by a password field after a form, or by its words', () => {
    assert.equal(isLoginPage('<html><form action="/x"><input name="u"><input type=\'password\' name="p"></form>'), true);
    assert.equal(isLoginPage('<html><h1>Single Sign-On</h1></html>'), true);
    assert.equal(isLoginPage('<html><input type="password"><form action="/search"></form></html>'), false, 'the field must follow a form');
    assert.equal(isLoginPage('<html><body>Index of /logs</body></html>'), false);
  });

  it('an HTML answer to an API call is badResponse when it is no login page', async () => {
    const http = new HttpClient(fast);
    const error = await failure(http.getJson(`${server.url}/fault/nomanifest/`));
    assert.equal(error.reason, 'badResponse');
  });
});
