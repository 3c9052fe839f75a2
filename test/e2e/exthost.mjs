// Runs the mocha suite INSIDE code-server's (node) extension host: the workbench's `payload` URL parameter
// (extensionDevelopmentPath / extensionTestsPath) works because code-server runs with
// `--vscode-option enable-smoke-test-driver`, and the workbench reports the end through window.codeAutomationExit.
// Usage: node exthost.mjs <baseUrl> <extensionDir> <suite.js> <workspaceDir>
// Prints `exthost: N passed, N failed` last.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';

const [baseUrl, extensionDir, suiteJs, workspace] = process.argv.slice(2);
const timeoutMs = Number(process.env.LOG_TRIAGE_E2E_EXTHOST_TIMEOUT_MS ?? 240000);
const authority = new URL(baseUrl).host;
const remote = (path) => `vscode-remote://${authority}${path}`;
const payload = [['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(suiteJs)]];
const url = `${baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const profile = mkdtempSync(join(tmpdir(), 'log-triage-exthost-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
let finish;
const exited = new Promise((resolve) => (finish = resolve));
let passing = 0, failing = 0, pending = 0;
// Workbench noise that says nothing about our extension.
const noise = /^(Ignoring fetching additional builtin|Updating additional builtin|\[AccountPolicyGate\])/;
await page.exposeFunction('codeAutomationLog', (_type, args) => {
  const line = format(...(Array.isArray(args) ? args : [args]));
  const count = /^\s*(\d+) (passing|failing|pending)/.exec(line);
  if (count) {
    if (count[2] === 'passing') passing = Number(count[1]);
    else if (count[2] === 'failing') failing = Number(count[1]);
    else pending = Number(count[1]);
  }
  if (!noise.test(line)) console.log(line);
});
await page.exposeFunction('codeAutomationExit', (code) => finish(code));

const timer = setTimeout(() => finish('timeout'), timeoutMs);
await page.goto(url);
const code = await exited;
clearTimeout(timer);
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`extension host test run exit code: ${code}${pending ? `, ${pending} pending (skipped)` : ''}`);
// A timeout or a crash of the runner before mocha's summary still has to count as a failure.
if (code !== 0 && failing === 0) failing = 1;
console.log(`exthost: ${passing} passed, ${failing} failed`);
process.exit(code === 0 ? 0 : 1);
