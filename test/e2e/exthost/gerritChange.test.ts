// The main user flow against a real HTTP fixture (fake Gerrit + Zuul + log server on 127.0.0.1): a Gerrit change
// link in, decorated downloaded logs out, with the failure lines the fixture planted among the anomalies.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activatedApi, asReport, decorated, fixtures, waitFor } from './helpers';

suite('Gerrit change from the fixture server', () => {
  const fixture = fixtures();
  let previousZuulMap: unknown;

  suiteSetup(async function () {
    if (!fixture) {
      console.log('no fixture server in this run (LOG_TRIAGE_E2E_FIXTURES unset): skipping');
      this.skip();
    }
    const config = vscode.workspace.getConfiguration('logTriage');
    previousZuulMap = config.inspect('zuulMap')?.globalValue;
    await config.update('zuulMap', fixture!.settings['logTriage.zuulMap'], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (!fixture) return;
    await vscode.commands.executeCommand('logTriage.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('logTriage').update('zuulMap', previousZuulMap, vscode.ConfigurationTarget.Global);
  });

  test('analyzeChange(url) reports the planted failures and ends on a decorated, read-only log', async function () {
    this.timeout(Number(process.env.LOG_TRIAGE_E2E_GERRIT_TIMEOUT_MS ?? 180000));
    const api = await activatedApi();
    // The change has two failed builds (a voting and a non-voting job), so the extension asks which one: answer like
    // a user who takes the first (voting) entry, until the command settles.
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand('logTriage.analyzeChange', fixture!.sample.changeUrl)).finally(() => {
      settled = true;
    });
    while (!settled) {
      await new Promise((r) => setTimeout(r, 500));
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const report = asReport(await running);
    assert.ok(report.files.length > 0, 'the report has no files');

    for (const marker of fixture!.sample.failureMarkers) {
      const file = report.files.find((f) => f.path === marker.file || f.path.endsWith(`/${marker.file}`));
      assert.ok(file, `no report file for ${marker.file}: ${report.files.map((f) => f.path).join(', ')}`);
      assert.ok(
        file.anomalies.some((a) => a.text.includes(marker.text)),
        `"${marker.text}" is not an anomaly of ${marker.file}: ${JSON.stringify(file.anomalies.map((a) => a.text)).slice(0, 600)}`,
      );
    }

    // The extension opens the first anomaly itself, beside the panel and without taking focus: look among the
    // visible editors for the one showing a report file, decorated with exactly that file's anomaly lines.
    const editor = await waitFor('a visible editor with decorations', () =>
      vscode.window.visibleTextEditors.find((candidate) => decorated(api, candidate.document.uri).length > 0), 60000);
    const shown = report.files.find((f) => f.localPath === editor.document.uri.fsPath);
    assert.ok(shown, `the decorated editor ${editor.document.uri.toString()} is not a report file`);
    const expectedLines = [...new Set(shown.anomalies.flatMap((a) => [a.line, ...a.repeats]))].sort((a, b) => a - b);
    assert.deepStrictEqual(decorated(api, editor.document.uri), expectedLines);
    assert.strictEqual(editor.selection.active.line + 1, expectedLines[0], 'the cursor is on the first anomaly');
    assert.notStrictEqual(editor.document.uri.scheme, 'untitled');
    const stat = await vscode.workspace.fs.stat(editor.document.uri);
    assert.ok(((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0, 'downloaded logs open read-only');
  });

  test('a vscode:// link (the URI handler) analyses the Zuul build it names; a link without url= changes nothing', async function () {
    this.timeout(Number(process.env.LOG_TRIAGE_E2E_GERRIT_TIMEOUT_MS ?? 180000));
    const api = await activatedApi();
    await vscode.commands.executeCommand('logTriage.clear');
    const buildUrl = `${fixture!.sample.zuulRoot}t/${fixture!.sample.tenant}/build/${fixture!.sample.targetUuid}`;
    // What VS Code hands the handler when such a link is opened from a browser or a chat message.
    await api.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://log-triage.log-triage/analyze?url=${encodeURIComponent(buildUrl)}`));
    const report = asReport(api.currentReport());
    assert.strictEqual(report.source?.job, fixture!.sample.jobName);
    for (const marker of fixture!.sample.failureMarkers) {
      const file = report.files.find((f) => f.path === marker.file || f.path.endsWith(`/${marker.file}`));
      assert.ok(file?.anomalies.some((a) => a.text.includes(marker.text)), `"${marker.text}" is not an anomaly of ${marker.file}`);
    }
    await api.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://log-triage.log-triage/analyze?link=${encodeURIComponent(buildUrl)}`));
    await api.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://log-triage.log-triage/open?url=${encodeURIComponent(buildUrl)}`));
    assert.strictEqual(asReport(api.currentReport()).createdAt, report.createdAt, 'a bad link started no analysis');
  });

  test('a vscode:// link whose url is pasted raw keeps the url\'s # part (a hash-routed Zuul page)', async function () {
    this.timeout(Number(process.env.LOG_TRIAGE_E2E_GERRIT_TIMEOUT_MS ?? 180000));
    const api = await activatedApi();
    await vscode.commands.executeCommand('logTriage.clear');
    const hashUrl = `${fixture!.sample.zuulRoot}#/t/${fixture!.sample.tenant}/build/${fixture!.sample.targetUuid}`;
    const link = vscode.Uri.parse(`${vscode.env.uriScheme}://log-triage.log-triage/analyze?url=${hashUrl}`);
    assert.notStrictEqual(link.fragment, '', 'VS Code takes the url\'s # part for the link\'s fragment');
    await api.handleUri(link);
    assert.strictEqual(asReport(api.currentReport()).source?.job, fixture!.sample.jobName);
  });

  test('analyzeBuild(url) goes from a Zuul build page straight to its logs, with baselines of the same job', async function () {
    this.timeout(Number(process.env.LOG_TRIAGE_E2E_GERRIT_TIMEOUT_MS ?? 180000));
    const api = await activatedApi();
    await vscode.commands.executeCommand('logTriage.clear');
    const buildUrl = `${fixture!.sample.zuulRoot}t/${fixture!.sample.tenant}/build/${fixture!.sample.targetUuid}`;
    const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeBuild', buildUrl));
    assert.strictEqual(report.source?.job, fixture!.sample.jobName);
    assert.ok((report.source?.baselines?.length ?? 0) > 0, 'no baseline build was used');
    for (const marker of fixture!.sample.failureMarkers) {
      const file = report.files.find((f) => f.path === marker.file || f.path.endsWith(`/${marker.file}`));
      assert.ok(file?.anomalies.some((a) => a.text.includes(marker.text)), `"${marker.text}" is not an anomaly of ${marker.file}`);
    }
    assert.strictEqual(asReport(api.currentReport()).createdAt, report.createdAt, 'the build report is the current report');
  });

  test('a link to logs that do not exist gives an error and leaves the current report alone', async () => {
    const api = await activatedApi();
    const before = JSON.stringify(api.currentReport());
    const result = await vscode.commands.executeCommand('logTriage.analyzeBuild', `${fixture!.sample.url}/no-such-logs/`);
    assert.strictEqual(result, undefined);
    assert.strictEqual(JSON.stringify(api.currentReport()), before);
  });
});
