// UI tests of Log Triage in code-server, driven by playwright-core + Debian chromium: what a user sees and clicks.
// Usage: node ui.mjs <baseUrl> <workspaceDir> <screenshotDir>
// Environment from run.sh: LOG_TRIAGE_E2E_SHARED (../shared), LOG_TRIAGE_E2E_FIXTURES (fixture server JSON, optional).
// The workspace starts empty; the tests stage reference logs into it. Prints `ui: N passed, N failed` last.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activeTabName, answerQuickInput, decoratedEditorLines, editorLineTexts, launchBrowser, openFile, openWorkbench, panelFrame,
  runCommand, statusBarLine,
} from './workbench.mjs';

const [baseUrl, workspace, shots] = process.argv.slice(2);
const shared = process.env.LOG_TRIAGE_E2E_SHARED;
const fixturesFile = process.env.LOG_TRIAGE_E2E_FIXTURES;
const fixtures = fixturesFile && existsSync(fixturesFile) ? JSON.parse(readFileSync(fixturesFile, 'utf8')) : undefined;
const t0 = Date.now();
const log = (...parts) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...parts);
const results = [];

/** Expected anomaly lines of a conformance dataset (the `- line: |` blocks of inf.yaml), as in exthost/helpers.ts. */
function expectedAnomalies(dataset) {
  const rows = readFileSync(join(shared, 'data/conformance', dataset, 'inf.yaml'), 'utf8').split('\n');
  const lines = [];
  for (let i = 0; i < rows.length; i++) {
    if (!/^\s*- line: \|\s*$/.test(rows[i])) continue;
    const indent = /^(\s*)/.exec(rows[i])[1].length;
    const block = [];
    while (i + 1 < rows.length && rows[i + 1].trim() !== '' && /^(\s*)/.exec(rows[i + 1])[1].length > indent + 2) block.push(rows[++i].trim());
    lines.push(block.join('\n'));
  }
  return lines;
}

// Stage the logs: a conformance case, and a log with markup in it. Same file name on both sides so they pair up.
mkdirSync(join(workspace, 'target'), { recursive: true });
mkdirSync(join(workspace, 'baseline'), { recursive: true });
copyFileSync(join(shared, 'data/conformance/basic-01/log.fail'), join(workspace, 'target/basic.log'));
copyFileSync(join(shared, 'data/conformance/basic-01/log.good'), join(workspace, 'baseline/basic.log'));
const SCRIPT_LINE = '2024-05-01 12:00:00 ERROR <script>window.__logTriagePwned = 1; document.title = "pwned"</script> injected';
const IMG_LINE = '2024-05-01 12:00:01 ERROR <img src=x onerror="window.__logTriagePwned = 2; document.title = \'pwned\'"> broken image';
const common = Array.from({ length: 30 }, (_, i) => `2024-05-01 11:00:${String(i).padStart(2, '0')} INFO service step ${i} completed`);
writeFileSync(join(workspace, 'target/hostile.log'), [...common.slice(0, 15), SCRIPT_LINE, IMG_LINE, ...common.slice(15)].join('\n') + '\n');
writeFileSync(join(workspace, 'baseline/hostile.log'), common.join('\n') + '\n');

const browser = await launchBrowser({ width: 1200, height: 750 });
const { page, context } = browser;
// "Analyze Gerrit Change…" prefills its input from the clipboard; headless chromium would otherwise leave that read pending.
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
const external = [];
context.on('request', (request) => {
  const url = new URL(request.url());
  // *.vscode-cdn.net resource URLs of the webview are answered by its service worker, not by the network.
  if (url.hostname.endsWith('.vscode-cdn.net')) return;
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:', 'vscode-webview:'].includes(url.protocol)) external.push(request.url());
});
page.on('pageerror', (error) => log('pageerror:', error.message.split('\n')[0]));
const panel = panelFrame(page);

/** Runs one check; a failure is logged with a screenshot and the following checks still run. */
async function check(name, body) {
  const start = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - start} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name} (${Date.now() - start} ms) - ${String(error?.message ?? error).split('\n')[0]}`);
    await page.screenshot({ path: join(shots, `failure-${results.length}.png`) }).catch(() => {});
  }
}

/** Opens the baseline then the target, and analyses the target against the open baseline through the palette. */
async function analyzeOpenFiles(name) {
  await openFile(page, `baseline/${name}`);
  await openFile(page, `target/${name}`);
  await runCommand(page, 'Log Triage: Analyze Current File Against Baseline');
  await answerQuickInput(page, `baseline/${name}`, `baseline/${name}`);
}

async function waitForDecorations(minimum = 1) {
  for (let i = 0; i < 150; i++) {
    const lines = await decoratedEditorLines(page);
    if (lines.length >= minimum) return lines;
    await page.waitForTimeout(200);
  }
  throw new Error('no decorated line appeared in the editor within 30 s');
}

try {
  await check('workbench loads and the Log Triage commands are in the palette', async () => {
    await openWorkbench(page, baseUrl, workspace);
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
  });

  await check('"Log Triage: Show Anomaly Panel" opens the panel (empty before any analysis)', async () => {
    await panel.locator('body').waitFor({ timeout: 30000 });
    await panel.getByText('No report yet', { exact: false }).first().waitFor({ timeout: 30000 });
  });

  const expected = expectedAnomalies('basic-01');
  let basicLines = [];
  await check('analyze from the palette: the editor decorates exactly the expected anomalies of basic-01', async () => {
    await analyzeOpenFiles('basic.log');
    const lines = await waitForDecorations(expected.length);
    basicLines = lines;
    const texts = await editorLineTexts(page);
    const decoratedTexts = lines.map((line) => (texts[line] ?? '').trim());
    log(`decorated lines ${lines.join(', ')}: ${JSON.stringify(decoratedTexts)}`);
    if (JSON.stringify(decoratedTexts) !== JSON.stringify(expected)) throw new Error(`expected ${JSON.stringify(expected)}`);
    if ((await activeTabName(page)) !== 'basic.log') throw new Error(`active tab is ${await activeTabName(page)}`);
    await page.screenshot({ path: join(shots, 'basic-editor.png') });
  });

  await check('the panel lists the anomalies in groups with totals', async () => {
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    await panel.locator('.group .group-title').first().waitFor({ timeout: 30000 });
    const rows = panel.locator('.anomaly[data-path][data-line]');
    const shown = (await rows.locator('.line-text').allTextContents()).map((text) => text.trim());
    log(`panel anomalies: ${JSON.stringify(shown)}; totals: ${await panel.locator('#totals').textContent()}`);
    if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`panel shows ${JSON.stringify(shown)}`);
    await panel.locator('#totals').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(shots, 'basic-panel.png') });
  });

  await check('clicking an anomaly in the panel reveals its line in the editor', async () => {
    const last = panel.locator('.anomaly[data-path][data-line]').last();
    const wanted = Number(await last.getAttribute('data-line'));
    await last.click();
    for (let i = 0; i < 100 && (await statusBarLine(page)) !== wanted; i++) await page.waitForTimeout(100);
    const now = await statusBarLine(page);
    if (now !== wanted) throw new Error(`status bar says Ln ${now}, expected Ln ${wanted}`);
    if ((await activeTabName(page)) !== 'basic.log') throw new Error(`active tab is ${await activeTabName(page)}`);
  });

  await check('an anomaly row of the panel is reached and opened from the keyboard', async () => {
    const rows = panel.locator('.anomaly[data-path][data-line]');
    const first = rows.first();
    const wanted = Number(await first.getAttribute('data-line'));
    const label = (await first.getAttribute('aria-label')) ?? '';
    if (!/^Line \d+, distance \d\.\d\d \((low|medium|high)\): /.test(label)) throw new Error(`row label: ${label}`);
    await first.focus();
    await page.keyboard.press('Enter');
    for (let i = 0; i < 100 && (await statusBarLine(page)) !== wanted; i++) await page.waitForTimeout(100);
    if ((await statusBarLine(page)) !== wanted) throw new Error(`Enter on the row of line ${wanted} left the cursor on Ln ${await statusBarLine(page)}`);
  });

  await check('Alt+F8 / Shift+Alt+F8 in the editor jump to the next / previous anomaly', async () => {
    // The lines decorated in basic.log by the check above (the panel click has scrolled since).
    const lines = basicLines;
    if (lines.length !== 2) throw new Error(`needs the two decorated lines of basic.log, got ${lines.join(', ')}`);
    // The log is in the first editor group (the panel opened beside it); the keybindings need the editor focused.
    await runCommand(page, 'View: Focus First Editor Group');
    if ((await activeTabName(page)) !== 'basic.log') throw new Error(`focused ${await activeTabName(page)}`);
    await page.keyboard.press('Control+Home');
    // The status bar follows the cursor asynchronously: settle on Ln 1 first, then wait for each move to show.
    for (let i = 0; i < 50 && (await statusBarLine(page)) !== 1; i++) await page.waitForTimeout(100);
    if ((await statusBarLine(page)) !== 1) throw new Error('Ctrl+Home did not move the cursor to line 1');
    const seen = [];
    let before = 1;
    for (const key of ['Alt+F8', 'Alt+F8', 'Shift+Alt+F8']) {
      await page.keyboard.press(key);
      for (let i = 0; i < 50 && (await statusBarLine(page)) === before; i++) await page.waitForTimeout(100);
      before = await statusBarLine(page);
      seen.push(before);
    }
    log(`cursor lines after Alt+F8, Alt+F8, Shift+Alt+F8: ${seen.join(', ')}`);
    if (JSON.stringify(seen) !== JSON.stringify([lines[0], lines[1], lines[0]])) throw new Error(`expected ${lines[0]}, ${lines[1]}, ${lines[0]}`);
  });

  await check('the anomaly buttons show in the title of the log\'s editor group only, not of the panel\'s', async () => {
    // Per group: the name of its active tab and whether its title offers "Next Anomaly". The log is active, and
    // the panel sits in the other group, whose title shows its actions too (workbench.editor.alwaysShowEditorActions
    // in settings.json; by default VS Code shows only the active group's).
    const titles = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.editor-group-container')].map((group) => ({
          tab: (group.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? '').split(',')[0].trim(),
          buttons: group.querySelectorAll('.editor-actions [aria-label^="Next Anomaly"]').length,
        })),
      );
    let seen = await titles();
    for (let i = 0; i < 50 && !seen.some((group) => group.tab === 'basic.log' && group.buttons > 0); i++) {
      await page.waitForTimeout(100);
      seen = await titles();
    }
    log(`editor groups and their "Next Anomaly" buttons: ${JSON.stringify(seen)}`);
    if (seen.length < 2) throw new Error('expected the log and the panel in two editor groups');
    for (const group of seen) {
      if (group.tab === 'basic.log' ? group.buttons !== 1 : group.buttons !== 0) throw new Error(`group of ${group.tab || '(empty)'} shows ${group.buttons} "Next Anomaly" button(s)`);
    }
  });

  await check('a display threshold raised in the panel starts again at the next report\'s own', async () => {
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    const field = panel.locator('#threshold');
    await field.waitFor({ timeout: 30000 });
    await field.fill('0.95');
    await analyzeOpenFiles('hostile.log');
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    await panel.locator('.anomaly .line-text').filter({ hasText: '<script>' }).first().waitFor({ timeout: 30000 });
    let value = await field.inputValue();
    for (let i = 0; i < 50 && value !== '0.2'; i++) {
      await page.waitForTimeout(100);
      value = await field.inputValue();
    }
    if (value !== '0.2') throw new Error(`the panel kept the display threshold ${value}`);
  });

  await check('a log line with <script> and <img onerror> shows as text in the panel and runs nothing', async () => {
    await analyzeOpenFiles('hostile.log');
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    const texts = panel.locator('.anomaly .line-text');
    await texts.filter({ hasText: '<script>' }).first().waitFor({ timeout: 30000 });
    const shown = (await texts.allTextContents()).map((text) => text.trim());
    for (const line of [SCRIPT_LINE, IMG_LINE]) if (!shown.includes(line)) throw new Error(`not shown literally: ${line}`);
    await panel.getByText(IMG_LINE, { exact: true }).waitFor({ state: 'visible' });
    const inside = await panel.locator('body').evaluate(() => ({
      pwned: window.__logTriagePwned ?? null,
      title: document.title,
      images: document.querySelectorAll('img[src="x"]').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__logTriagePwned')).length,
    }));
    log('inside the panel:', JSON.stringify(inside));
    if (inside.pwned !== null || inside.title === 'pwned' || inside.images > 0 || inside.scripts > 0) throw new Error(`markup was interpreted: ${JSON.stringify(inside)}`);
    if ((await page.title()) === 'pwned') throw new Error('the workbench title was changed');
  });
  if (fixtures) {
    await check('cancelling an analysis while it asks which failed build to take closes the list', async () => {
      await runCommand(page, 'Log Triage: Analyze Gerrit Change', fixtures.sample.changeUrl);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: fixtures.sample.jobName }).first().waitFor({ timeout: 60000 });
      // The progress notification's own Cancel button, as a user stops a run they no longer want. The workbench may
      // keep the notification in the notification centre rather than as a toast: open the centre from the status bar
      // (the list ignores focus loss, so it stays open meanwhile).
      await page.locator('[id="status.notifications"]').first().click();
      const notification = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'Log Triage' }).first();
      await notification.getByRole('button', { name: 'Cancel' }).click({ timeout: 20000 });
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
    });

    await check('a Gerrit change link typed into "Analyze Gerrit Change…" ends with decorated logs and the planted failures in the panel', async () => {
      await runCommand(page, 'Log Triage: Clear Anomalies');
      // A clean window for the README screenshots: no side bar, no editors left from the checks above.
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'View: Close Primary Side Bar');
      await runCommand(page, 'Log Triage: Analyze Gerrit Change', fixtures.sample.changeUrl);
      // Two builds of the change failed (one non-voting): the extension asks which; take the voting one.
      const voting = page.locator('.quick-input-list .monaco-list-row', { hasText: fixtures.sample.jobName }).filter({ hasNotText: 'non-voting' }).first();
      await voting.waitFor({ timeout: 60000 });
      await voting.click();
      const rows = panel.locator('.anomaly[data-path][data-line]');
      for (const marker of fixtures.sample.failureMarkers) {
        await rows.filter({ hasText: marker.text }).first().waitFor({ timeout: 120000 });
      }
      const lines = await waitForDecorations(1);
      // The editor shows the first anomaly of the first file; its decorated lines must be that file's rows in the panel.
      const tab = await activeTabName(page);
      const panelLines = await rows.evaluateAll((all, name) => all
        .filter((row) => (row.dataset.path ?? '').split('/').pop() === name).map((row) => Number(row.dataset.line)), tab);
      const visible = await editorLineTexts(page);
      const expectedVisible = panelLines.filter((line) => visible[line] !== undefined);
      log(`"${tab}": decorated ${lines.join(', ')}; panel lines in view ${expectedVisible.join(', ')}`);
      if (JSON.stringify(lines) !== JSON.stringify(expectedVisible)) throw new Error('editor decorations differ from the panel rows of the file');
      await page.screenshot({ path: join(shots, 'editor.png') });
      await page.locator('iframe.webview.ready').last().screenshot({ path: join(shots, 'panel.png') });
    });
  } else {
    log('no fixture server in this run: the Gerrit flow is not tested');
  }

  /** The panel's editor tab (it stays in its group while hidden, and comes back there after a reload). */
  const panelTab = () => page.locator('.tabs-container .tab', { hasText: 'Log Triage' }).first();

  /** Hides the panel behind a log opened in its editor group (a hidden webview is torn down and keeps its saved state). */
  async function hidePanel() {
    await panelTab().click();
    await openFile(page, 'baseline/basic.log');
  }

  /**
   * Reloads the window, then shows the panel again: through its restored tab, or (when the workbench has not restored
   * the hidden tab, which happens on a loaded machine) through the command. What is checked is the report it shows.
   */
  async function reloadAndRevealPanel() {
    // Workspace state is written through the workbench's storage, which is flushed before the window unloads.
    await page.waitForTimeout(1000);
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    try {
      await panelTab().waitFor({ timeout: 20000 });
      await panelTab().click();
    } catch {
      log('the panel tab was not restored: showing the panel through its command');
      await runCommand(page, 'Log Triage: Show Anomaly Panel');
    }
    await panel.locator('body').waitFor({ timeout: 30000 });
  }

  // Last: a reload restarts the extension host, and these leave no report behind.
  await check('after a window reload the hidden panel comes back with its report', async () => {
    await analyzeOpenFiles('hostile.log');
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    await panel.locator('.anomaly .line-text').filter({ hasText: '<script>' }).first().waitFor({ timeout: 30000 });
    await hidePanel();
    await reloadAndRevealPanel();
    await panel.locator('.anomaly .line-text').filter({ hasText: '<script>' }).first().waitFor({ timeout: 30000 });
  });

  await check('after a window reload the report comes back even when the panel was closed', async () => {
    await panelTab().click();
    await runCommand(page, 'View: Close Editor');
    await panelTab().waitFor({ state: 'detached', timeout: 10000 });
    await page.waitForTimeout(1000);
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await runCommand(page, 'Log Triage: Show Anomaly Panel');
    await panel.locator('.anomaly .line-text').filter({ hasText: '<script>' }).first().waitFor({ timeout: 30000 });
  });

  await check('a report cleared while the panel was hidden stays cleared after a window reload', async () => {
    await hidePanel();
    await runCommand(page, 'Log Triage: Clear Anomalies');
    await reloadAndRevealPanel();
    await panel.getByText('No report yet', { exact: false }).first().waitFor({ timeout: 30000 });
    if (await panel.locator('.anomaly').count()) throw new Error('the panel shows the cleared report again');
  });
} finally {
  await browser.close();
}
log('requests to non-local hosts:', external.length ? external.join(', ') : 'none');
const passed = results.filter((r) => r.ok).length;
console.log(`ui: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
