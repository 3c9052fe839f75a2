// The one test command (`npm test`): static checks, the unit suite (with the conformance suite), then the
// end-to-end suites in a real VS Code. It streams each stage's output and ends with one summary line
// `N passed, N failed` counted over every test and check, so CI and people read the same verdict.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// A fresh clone has no node_modules: install the locked dependencies first so `npm test` is the whole set-up.
if (!existsSync('node_modules/.bin/tsc')) {
  console.log('=== install: npm ci');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) { console.log('\n0 passed, 1 failed'); process.exit(1); }
}

const stages = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', '.'], kind: 'check' },
  { name: 'typecheck webview', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'webview'], kind: 'check' },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'], kind: 'check' },
  { name: 'build', cmd: 'node', args: ['esbuild.mjs'], kind: 'check' },
  { name: 'unit', cmd: 'npx', args: ['mocha'], kind: 'mocha' },
  { name: 'e2e', cmd: 'bash', args: ['test/e2e/run.sh'], kind: 'e2e' },
];
const only = process.argv.slice(2);

function run(stage) {
  return new Promise((resolve) => {
    console.log(`\n=== ${stage.name}: ${stage.cmd} ${stage.args.join(' ')}`);
    const child = spawn(stage.cmd, stage.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (target) => (chunk) => { output += chunk; target.write(chunk); };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
const failures = [];
for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  const { code, output } = await run(stage);
  if (stage.kind === 'check') {
    if (code === 0) passed += 1; else { failed += 1; failures.push(stage.name); }
    continue;
  }
  // Test stages report their own counts; a crash with no counted failure still counts as one failure.
  const counts = stage.kind === 'mocha'
    ? { p: Number(/(\d+) passing/.exec(output)?.[1] ?? 0), f: Number(/(\d+) failing/.exec(output)?.[1] ?? 0) }
    : (() => { const m = /e2e: (\d+) passed, (\d+) failed/.exec(output); return { p: Number(m?.[1] ?? 0), f: Number(m?.[2] ?? 0) }; })();
  if (code !== 0 && counts.f === 0) counts.f = 1;
  passed += counts.p;
  failed += counts.f;
  if (counts.f) failures.push(stage.name);
}
if (failures.length) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
