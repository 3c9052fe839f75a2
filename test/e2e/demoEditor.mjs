// The editor half of `npm run demo`: installs the packaged extension into a private code-server, opens a Gerrit
// change link through the real command palette, waits for decorated logs and the anomaly panel, and saves a screenshot.
// Usage: node demoEditor.mjs --url <gerrit change url> --vsix <file> --out <png> [--job <name>] [--settings <json>]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';
import { activeTabName, decoratedEditorLines, launchBrowser, openWorkbench, panelFrame, runCommand } from './workbench.mjs';

const { values } = parseArgs({
  options: { url: { type: 'string' }, vsix: { type: 'string' }, out: { type: 'string' }, job: { type: 'string' }, settings: { type: 'string' } },
});
if (!values.url || !values.vsix || !values.out) {
  console.error('usage: node demoEditor.mjs --url <gerrit change url> --vsix <file> --out <png> [--settings <json>]');
  process.exit(2);
}
const log = (message) => console.log(`[demo] ${message}`);
const folder = mkdtempSync(join(tmpdir(), 'log-triage-demo-workspace-'));
const server = await startCodeServer({ vsix: values.vsix, settings: values.settings ? JSON.parse(values.settings) : {}, log });
const browser = await launchBrowser({ width: 1400, height: 850 });
let code = 0;
try {
  const { page, context } = browser;
  // The command prefills its input from the clipboard; headless chromium would leave that read pending.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  await openWorkbench(page, server.baseUrl, folder);
  await runCommand(page, 'View: Close Primary Side Bar');
  log(`running "Log Triage: Analyze Gerrit Change…" on ${values.url}`);
  await runCommand(page, 'Log Triage: Analyze Gerrit Change', values.url);
  if (values.job) {
    // When several builds of the change failed the extension asks which one: take the named voting job.
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: values.job }).filter({ hasNotText: 'non-voting' }).first();
    await row.waitFor({ timeout: 60000 }).then(() => row.click(), () => log('no build choice was asked'));
  }
  const rows = panelFrame(page).locator('.anomaly[data-path][data-line]');
  await rows.first().waitFor({ timeout: 120000 });
  let lines = [];
  for (let i = 0; i < 100 && lines.length === 0; i++) {
    lines = await decoratedEditorLines(page);
    if (lines.length === 0) await page.waitForTimeout(200);
  }
  log(`panel shows ${await rows.count()} anomalous lines; editor "${await activeTabName(page)}" has decorations on lines ${lines.join(', ') || '(none visible)'}`);
  mkdirSync(dirname(values.out), { recursive: true });
  await page.screenshot({ path: values.out });
  log(`screenshot: ${values.out}`);
} catch (error) {
  code = 1;
  console.error(`[demo] the editor part failed: ${error?.message ?? error}`);
  await browser.page.screenshot({ path: values.out.replace(/\.png$/, '-failure.png') }).catch(() => {});
} finally {
  await browser.close();
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}
process.exit(code);
