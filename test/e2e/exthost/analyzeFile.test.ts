// Local analysis through the real command: the decorations land on the reference dataset's expected anomalies,
// navigation walks them as specified, clear removes them, and hostile log text stays text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  activatedApi, asReport, cursor, decorated, expectedAnomalies, sharedDir, showDecorated, stageCases, tempDir, waitFor,
  type LogTriageApi,
} from './helpers';
import { ReportStore } from '../../../src/extension/reportStore';

suite('analyze local files (conformance basic-01 + syslog-01)', () => {
  let api: LogTriageApi;
  let root: string;
  let staged: { target: string[]; baseline: string[] };

  suiteSetup(async () => {
    api = await activatedApi();
    root = tempDir('local');
    staged = stageCases(root, [{ dataset: 'basic-01', name: 'basic.log' }, { dataset: 'syslog-01', name: 'syslog.log' }]);
    // Folders, as a user picks a run's log folder: files pair up by their path inside each folder.
    const report = asReport(
      await vscode.commands.executeCommand('logTriage.analyzeFile', [path.join(root, 'target')], [path.join(root, 'baseline')]),
    );
    assert.deepStrictEqual(report.files.map((f) => f.path).sort(), ['basic.log', 'syslog.log'], JSON.stringify(report).slice(0, 500));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The text of each decorated line of a staged target file. */
  function decoratedTexts(file: string, lines: readonly number[]): string[] {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    return lines.map((line) => text[line - 1] ?? `<no line ${line}>`);
  }

  test('basic-01: exactly the expected anomalies are decorated', async () => {
    const expected = expectedAnomalies(path.join(sharedDir(), 'data/conformance/basic-01'));
    const { lines } = await showDecorated(api, staged.target[0]!);
    const texts = decoratedTexts(staged.target[0]!, lines);
    assert.deepStrictEqual(texts.map((t) => t.trim()), expected, `decorated lines ${lines.join(', ')}`);
  });

  test('the hover of a decorated line gives its distance and nearest baseline line; other lines have none', async () => {
    const { editor, lines } = await showDecorated(api, staged.target[0]!);
    const hoverText = async (line: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line - 1, 0));
      // appendText escapes markdown: spaces come back as &nbsp; and parentheses with a backslash.
      const texts = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
      return texts.map((text) => text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1')).filter((text) => text.includes('Log Triage')).join('\n');
    };
    const first = await hoverText(lines[0]!);
    assert.match(first, /Log Triage: distance \d\.\d\d \((low|medium|high)\), file model basic\.log/);
    assert.match(first, /Nearest baseline line|No baseline line shares a token/);
    const plain = Array.from({ length: editor.document.lineCount }, (_, i) => i + 1).find((line) => !lines.includes(line));
    assert.ok(plain !== undefined);
    assert.equal(await hoverText(plain), '', `line ${plain} is not an anomaly`);
  });

  test('syslog-01: every expected anomaly is decorated', async () => {
    const expected = expectedAnomalies(path.join(sharedDir(), 'data/conformance/syslog-01'));
    const { lines } = await showDecorated(api, staged.target[1]!);
    const texts = decoratedTexts(staged.target[1]!, lines);
    const missing = expected.filter((want) => !texts.some((t) => t.includes(want)));
    assert.deepStrictEqual(missing, [], `decorated: ${texts.join(' | ')}`);
  });

  test('next/previous anomaly walk the decorated lines and wrap to the next file', async () => {
    const report = asReport(api.currentReport());
    const order = report.files.map((f) => f.localPath ?? f.path);
    const linesOf = (file: string) => decorated(api, vscode.Uri.file(file));
    const first = order[0]!;
    const second = order[1]!;
    await showDecorated(api, second);
    const { editor, lines: firstLines } = await showDecorated(api, first);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    // The cursor starts on line 1, so "next" starts with the first decorated line after it.
    const expectedVisits = firstLines.filter((line) => line > 1);
    const visited: number[] = [];
    for (let i = 0; i < expectedVisits.length; i++) {
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      assert.strictEqual(cursor().file, first);
      visited.push(cursor().line);
    }
    assert.deepStrictEqual(visited, expectedVisits, 'next anomaly must visit every decorated line in order');
    await vscode.commands.executeCommand('logTriage.nextAnomaly');
    await waitFor('the next file to become active', () => (cursor().file === second ? true : undefined));
    assert.strictEqual(cursor().line, linesOf(second)[0], 'wraps to the first anomaly of the next file');
    await vscode.commands.executeCommand('logTriage.previousAnomaly');
    await waitFor('the first file to become active again', () => (cursor().file === first ? true : undefined));
    assert.strictEqual(cursor().line, firstLines[firstLines.length - 1], 'previous goes back to the last anomaly of the file before');
  });

  test('a title button moves in the log of its own editor group, active or not', async () => {
    const report = asReport(api.currentReport());
    const [first, second] = report.files.map((f) => f.localPath ?? f.path);
    const firstLines = decorated(api, vscode.Uri.file(first!));
    assert.ok(firstLines.length >= 2, 'needs two anomalies in the first file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The first log in group one (cursor on line 1), the second log in group two, which is active.
    const left = await vscode.window.showTextDocument(vscode.Uri.file(first!), { viewColumn: vscode.ViewColumn.One, preview: false });
    left.selection = new vscode.Selection(0, 0, 0, 0);
    const right = await vscode.window.showTextDocument(vscode.Uri.file(second!), { viewColumn: vscode.ViewColumn.Two, preview: false });
    right.selection = new vscode.Selection(0, 0, 0, 0);
    // What the Next Anomaly button in group one's title runs.
    await vscode.commands.executeCommand('logTriage.nextAnomaly', vscode.Uri.file(first!));
    await waitFor('the first log to take the move', () => (cursor().file === first ? true : undefined));
    assert.strictEqual(cursor().line, firstLines.find((line) => line > 1), 'moves from group one\'s cursor');
    assert.strictEqual(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.One, 'in group one');
    // The same log in both groups, the cursors apart: the button of the active group moves from its own cursor.
    const twin = await vscode.window.showTextDocument(vscode.Uri.file(first!), { viewColumn: vscode.ViewColumn.Two, preview: false });
    const from = firstLines[firstLines.length - 2]!;
    twin.selection = new vscode.Selection(from - 1, 0, from - 1, 0);
    left.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('logTriage.nextAnomaly', vscode.Uri.file(first!));
    await waitFor('the move in group two', () => (vscode.window.activeTextEditor?.viewColumn === vscode.ViewColumn.Two && cursor().line !== from ? true : undefined));
    assert.strictEqual(cursor().line, firstLines[firstLines.length - 1], 'moves from the active group\'s cursor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('with one log in two groups, a move from the keyboard stays in the active group', async () => {
    const report = asReport(api.currentReport());
    const first = report.files[0]?.localPath ?? '';
    const lines = decorated(api, vscode.Uri.file(first));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const left = await vscode.window.showTextDocument(vscode.Uri.file(first), { viewColumn: vscode.ViewColumn.One, preview: false });
    left.selection = new vscode.Selection(0, 0, 0, 0);
    const right = await vscode.window.showTextDocument(vscode.Uri.file(first), { viewColumn: vscode.ViewColumn.Two, preview: false });
    right.selection = new vscode.Selection(0, 0, 0, 0);
    // What the keybinding and the palette run: no argument.
    await vscode.commands.executeCommand('logTriage.nextAnomaly');
    await waitFor('the move', () => (right.selection.active.line > 0 || left.selection.active.line > 0 ? true : undefined));
    assert.strictEqual(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.Two, 'the move left the active group');
    assert.strictEqual(right.selection.active.line + 1, lines.find((line) => line > 1));
    assert.strictEqual(left.selection.active.line, 0, 'the other group\'s cursor stays');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('next group jumps to the first anomaly of the other file model', async () => {
    const report = asReport(api.currentReport());
    const files = report.files.map((f) => f.localPath ?? f.path);
    const { editor } = await showDecorated(api, files[0]!);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('logTriage.nextGroup');
    await waitFor('the other file to become active', () => (cursor().file === files[1] ? true : undefined));
    assert.strictEqual(cursor().line, decorated(api, vscode.Uri.file(files[1]!))[0]);
    await vscode.commands.executeCommand('logTriage.previousGroup');
    await waitFor('the first file to become active again', () => (cursor().file === files[0] ? true : undefined));
    assert.strictEqual(cursor().line, decorated(api, vscode.Uri.file(files[0]!))[0]);
  });

  test('clear removes every decoration and the report', async () => {
    await showDecorated(api, staged.target[0]!);
    await vscode.commands.executeCommand('logTriage.clear');
    await waitFor('decorations to go', () => (staged.target.every((f) => decorated(api, vscode.Uri.file(f)).length === 0) ? true : undefined));
    assert.strictEqual(api.currentReport(), undefined);
  });
});

suite('hostile log text', () => {
  test('<script> and <img onerror> lines reach the report as plain text', async () => {
    await activatedApi();
    const root = tempDir('hostile');
    try {
      const script = '2024-05-01 12:00:00 ERROR <script>window.__logTriagePwned = 1</script> injected';
      const image = '2024-05-01 12:00:01 ERROR <img src=x onerror="document.title=\'pwned\'"> broken image';
      const { target, baseline } = stageRun(root, 'job.log', serviceSteps(40), 20, [script, image]);
      const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      const texts = report.files.flatMap((f) => f.anomalies.map((a) => a.text));
      assert.ok(texts.includes(script), `script line missing or altered: ${JSON.stringify(texts)}`);
      assert.ok(texts.includes(image), `img line missing or altered: ${JSON.stringify(texts)}`);
      assert.strictEqual(report.files[0]?.anomalies.find((a) => a.text === script)?.line, 21);
    } finally {
      await vscode.commands.executeCommand('logTriage.clear');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Runs a test in a fresh temporary folder, then leaves the editor as it found it: the report cleared, editors closed
 * (a log a failure left unsaved is reverted first, or closing it would ask and block the test host), the folder gone.
 */
async function inTempRun(label: string, body: (api: LogTriageApi, root: string) => Promise<void>): Promise<void> {
  const api = await activatedApi();
  const root = tempDir(label);
  try {
    await body(api, root);
  } finally {
    for (const document of vscode.workspace.textDocuments.filter((open) => open.isDirty && open.uri.fsPath.startsWith(root))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('logTriage.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Info lines every run of the sample service prints, the same in baseline and target. */
function serviceSteps(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `2024-05-01 11:00:${String(i).padStart(2, '0')} INFO service step ${i} completed`);
}

/** Lines as a log file's text: one per line, each ended by a line break. */
function logText(lines: readonly string[]): string {
  return lines.join('\n') + '\n';
}

/**
 * A run of the sample service under `root`: the target's `name` holds the `steps` with `inserted` lines after the
 * first `at` of them, the baseline's the steps alone.
 */
function stageRun(root: string, name: string, steps: readonly string[], at: number, inserted: readonly string[]): { target: string; baseline: string } {
  const paths = runFolders(root, name);
  fs.writeFileSync(paths.target, logText([...steps.slice(0, at), ...inserted, ...steps.slice(at)]));
  fs.writeFileSync(paths.baseline, logText(steps));
  return paths;
}

/** A run's folders under `root` and the paths of one log in each (files are written by the caller). */
function runFolders(root: string, name: string): { target: string; baseline: string } {
  fs.mkdirSync(path.join(root, 'target'));
  fs.mkdirSync(path.join(root, 'baseline'));
  return { target: path.join(root, 'target', name), baseline: path.join(root, 'baseline', name) };
}

suite('a log edited after its analysis', () => {
  test('loses its highlights until the next analysis, which brings them back', async () => {
    await inTempRun('edited', async (api, root) => {
      const common = serviceSteps(40);
      const { target, baseline } = stageRun(root, 'job.log', common, 20, ['2024-05-01 11:00:20 ERROR disk quota exceeded on /var']);
      asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      const { editor, lines } = await showDecorated(api, target);
      assert.deepStrictEqual(lines, [21]);
      // A known line inserted above the anomaly: line 21 of the report is line 22 of the document now.
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `${common[5]}\n`)));
      await waitFor('the highlights to go', () => (decorated(api, editor.document.uri).length === 0 ? true : undefined));
      // Nor does "Next Anomaly" move to line 21, which is another line now.
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      assert.deepStrictEqual(cursor(), { file: target, line: 1 }, 'moved to a line of the report in a log that changed since');
      assert.ok(await editor.document.save(), 'the edited log is saved');
      const again = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      assert.deepStrictEqual(again.files[0]?.anomalies.map((a) => a.line), [22]);
      await showDecorated(api, target);
      await waitFor(`the highlights on the moved line (now ${decorated(api, editor.document.uri).join()})`, () => (decorated(api, editor.document.uri).join() === '22' ? true : undefined));
    });
  });
});

suite('a log with unsaved changes', () => {
  test('is saved before the analysis, which scores what the editor shows', async () => {
    await inTempRun('unsaved', async (api, root) => {
      const { target } = stageRun(root, 'job.log', serviceSteps(30), 0, []);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(target));
      const failure = '2024-05-01 11:00:10 ERROR volume attachment timed out';
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(10, 0), `${failure}\n`)));
      assert.ok(editor.document.isDirty);
      // The target's folder, as a user picks a run's log folder: the edited file inside it is saved too.
      const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [path.join(root, 'target')], [path.join(root, 'baseline')]));
      assert.deepStrictEqual(report.files[0]?.anomalies.map((a) => [a.line, a.text]), [[11, failure]]);
      assert.ok(!editor.document.isDirty, 'the edited log was saved');
      assert.strictEqual(fs.readFileSync(target, 'utf8').split('\n')[10], failure);
      const { lines } = await showDecorated(api, target);
      assert.deepStrictEqual(lines, [11]);
    });
  });
});

suite('a log rewritten on disk while it was closed', () => {
  test('opens without the highlights of lines it no longer has where they were', async () => {
    await inTempRun('rewritten', async (api, root) => {
      const common = serviceSteps(30);
      const failure = '2024-05-01 11:00:10 ERROR disk quota exceeded on /var';
      const { target, baseline } = stageRun(root, 'grown.log', common, 10, [failure]);
      asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      await showDecorated(api, target);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The job wrote five more lines at the top: line 11 of the report is line 16 of the file now.
      fs.writeFileSync(target, logText([...common.slice(20, 25), ...common.slice(0, 10), failure, ...common.slice(10)]));
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(editor.document.lineAt(10).text, common[5]);
      assert.deepStrictEqual(decorated(api, editor.document.uri), [], 'no highlight on line 11, which holds another line now');
    });
  });
});

suite('a report restored after a window reload', () => {
  test('keeps no highlight on a log saved with changes before the reload, though its line count is the same', async () => {
    await inTempRun('restored', async (_api, root) => {
      const common = serviceSteps(40);
      const { target, baseline } = stageRun(root, 'job.log', common, 20, ['2024-05-01 11:00:20 ERROR disk quota exceeded on /var']);
      const untouched = { target: path.join(path.dirname(target), 'other.log') };
      fs.writeFileSync(untouched.target, logText([...common.slice(0, 10), '2024-05-01 11:00:10 ERROR cannot allocate memory', ...common.slice(10)]));
      fs.writeFileSync(path.join(path.dirname(baseline), 'other.log'), logText(common));
      const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [path.dirname(target)], [path.dirname(baseline)]));
      // What a reload finds: the report kept in the workspace storage, and one log moved a line down and saved.
      const storage = path.join(root, 'storage');
      fs.mkdirSync(storage);
      fs.writeFileSync(path.join(storage, 'current-report.json'), JSON.stringify(report));
      const lines = fs.readFileSync(target, 'utf8').split('\n');
      [lines[19], lines[20]] = [lines[20]!, lines[19]!];
      fs.writeFileSync(target, lines.join('\n'));
      const later = new Date(Date.parse(report.createdAt ?? '') + 2000);
      fs.utimesSync(target, later, later);
      const store = new ReportStore(undefined, storage);
      try {
        await store.restore();
        assert.strictEqual(store.current?.createdAt, report.createdAt, 'the report came back');
        const [changedFile, keptFile] = [target, untouched.target].map((file) => store.current?.files.find((f) => f.localPath === file));
        assert.ok(changedFile && keptFile);
        assert.strictEqual(store.isStale(changedFile), true, 'the log saved after the analysis');
        assert.strictEqual(store.isStale(keptFile), false, 'the log left alone');
      } finally {
        store.dispose();
      }
    });
  });
});

suite('a report whose log is gone from disk', () => {
  test('opens no editor for it when navigating (a cleared download cache, a deleted file)', async () => {
    await inTempRun('gone', async (_api, root) => {
      const { target, baseline } = stageRun(root, 'gone.log', serviceSteps(20), 10, ['2024-05-01 11:00:10 ERROR disk quota exceeded on /var']);
      asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(target);
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.label);
      assert.ok(!tabs.some((label) => label.startsWith('gone.log')), `tabs: ${JSON.stringify(tabs)}`);
    });
  });
});

/**
 * A job-output.txt of about 60 MB (VS Code hands extensions no document over 50 MB) with `failures` spread evenly
 * through it (one, in its middle, by default).
 */
function stageHugeLog(root: string, failures = ['2024-05-01 11:30:00.000 ERROR kernel: Out of memory: Killed process 4242 (qemu-kvm)']): { target: string; baseline: string; failure: string } {
  const common = Array.from({ length: 64 }, (_, i) => `2024-05-01 11:00:00.000 INFO service step ${i} completed for node-${i % 7} in the usual time`);
  const { target, baseline } = runFolders(root, 'job-output.txt');
  const block = logText(common);
  const repeats = Math.ceil((60 * 1024 * 1024) / block.length);
  const failureAt = new Map(failures.map((failure, i) => [Math.floor((repeats * (i + 1)) / (failures.length + 1)), failure]));
  const out = fs.openSync(target, 'w');
  for (let i = 0; i < repeats; i += 1) {
    const failure = failureAt.get(i);
    fs.writeSync(out, failure === undefined ? block : `${failure}\n${block}`);
  }
  fs.closeSync(out);
  fs.writeFileSync(baseline, block);
  assert.ok(fs.statSync(target).size > 50 * 1024 * 1024);
  return { target, baseline, failure: failures[0] ?? '' };
}

suite('a log over 50 MB', () => {
  test('is analysed, and opened at its first anomaly by the workbench, though VS Code does not hand it to extensions', async () => {
    await inTempRun('huge', async (_api, root) => {
      const { target, baseline, failure } = stageHugeLog(root);
      const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      const anomaly = report.files[0]?.anomalies.find((a) => a.text === failure);
      assert.ok(anomaly, `the failure line is reported: ${JSON.stringify(report.files[0]?.anomalies.slice(0, 3))}`);
      // The workbench shows it in a tab, even though no TextDocument reaches the extension.
      await waitFor('a tab with the big log', () =>
        vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === target)),
      );
    });
  });

  test('"Next Anomaly" goes on through its anomalies, though no editor shows the extension where the cursor is', async function () {
    this.timeout(120_000);
    await inTempRun('huge-next', async (api, root) => {
      const { target } = stageHugeLog(root, [
        '2024-05-01 11:30:00.000 ERROR kernel: Out of memory: Killed process 4242 (qemu-kvm)',
        '2024-05-01 11:40:00.000 ERROR nova.compute.manager: Instance failed to spawn: libvirtError',
      ]);
      // A second, ordinary log after it in the report: where the moves end up tells whether they went through both
      // anomalies of the big one or kept landing on its first.
      const small = path.join(root, 'target', 'zz-service.log');
      const steps = serviceSteps(30);
      fs.writeFileSync(small, logText([...steps.slice(0, 10), '2024-05-01 11:50:00 ERROR service crashed: segmentation fault', ...steps.slice(10)]));
      fs.writeFileSync(path.join(root, 'baseline', 'zz-service.log'), logText(steps));
      const report = asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [path.join(root, 'target')], [path.join(root, 'baseline')]));
      const order = report.files.filter((f) => f.anomalies.length > 0).map((f) => [f.localPath, f.anomalies.length]);
      assert.deepStrictEqual(order, [[target, 2], [small, 1]], JSON.stringify(order));
      // The analysis opened the big log at its first anomaly; the cursor there is out of the extension's sight.
      const bigLogTab = (): boolean => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === target));
      await waitFor('the big log at its first anomaly', bigLogTab);
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      assert.notStrictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, small, 'the first move skipped the second anomaly of the big log');
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      await waitFor('the ordinary log, after both anomalies of the big one', () => vscode.window.activeTextEditor?.document.uri.fsPath === small);
      assert.deepStrictEqual(cursor().line, 11);
      assert.deepStrictEqual(decorated(api, vscode.Uri.file(small)), [11]);
    });
  });

  test('reached while the panel\'s group is active opens beside the panel, not over it', async function () {
    this.timeout(120_000);
    await inTempRun('huge-panel', async (_api, root) => {
      const { target, baseline } = stageHugeLog(root);
      asReport(await vscode.commands.executeCommand('logTriage.analyzeFile', [target], [baseline]));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('logTriage.showPanel');
      const panelGroup = (): vscode.TabGroup | undefined =>
        vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('logTriage.panel')));
      await waitFor('the panel', () => panelGroup());
      // The panel's group is the active one, as after a click in the panel.
      const column = panelGroup()?.viewColumn ?? vscode.ViewColumn.One;
      await vscode.commands.executeCommand(column === vscode.ViewColumn.One ? 'workbench.action.focusFirstEditorGroup' : 'workbench.action.focusSecondEditorGroup');
      const logTab = (): vscode.Tab | undefined =>
        vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === target);
      await vscode.commands.executeCommand('logTriage.nextAnomaly');
      await waitFor('the big log to open', () => logTab());
      assert.notStrictEqual(logTab()?.group.viewColumn, panelGroup()?.viewColumn, 'the log opened in the panel\'s group');
      assert.ok(panelGroup()?.activeTab?.input instanceof vscode.TabInputWebview, 'the panel is hidden behind the log');
    });
  });
});
