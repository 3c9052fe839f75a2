// UI tests of Log Triage in code-server, driven by playwright-core + Debian chromium.
// Usage: node ui.mjs <baseUrl> <workspaceDir> <screenshotDir>   (LOG_TRIAGE_E2E_* env from run.sh)
// Prints `ui: N passed, N failed` last.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, workspace, shots] = process.argv.slice(2);
const t0 = Date.now();
const log = (...parts) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...parts);
const results = [];
/** Runs one check; a failure is recorded with a screenshot and does not stop the following checks. */
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

const profile = mkdtempSync(join(tmpdir(), 'log-triage-ui-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1200, height: 750 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
const external = [];
context.on('request', (request) => {
  const url = new URL(request.url());
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:', 'vscode-webview:'].includes(url.protocol)) external.push(request.url());
});
page.on('pageerror', (error) => log('pageerror:', error.message.split('\n')[0]));

async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

try {
  await check('workbench loads and Log Triage commands are in the palette', async () => {
    await page.goto(`${baseUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60000 });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Log Triage:');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Log Triage:' }).first().waitFor({ timeout: 30000 });
    await page.keyboard.press('Escape');
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
log('requests to non-local hosts:', external.length ? external.join(', ') : 'none');
const passed = results.filter((r) => r.ok).length;
console.log(`ui: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
