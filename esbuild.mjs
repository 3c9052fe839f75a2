// One build script for every bundle. Type checking is separate (`npm run typecheck`).
// Bundles whose entry file does not exist yet are skipped, so each layer can land on its own.
import { build, context } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'warning', target: 'node20' };
const node = { ...common, platform: 'node', format: 'cjs' };

/** Shipped bundles: only the extension bundle may see `vscode`, so a stray import elsewhere fails the build. */
const shipped = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, target: 'es2022', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
];

/** Developer tools: never shipped in the .vsix (see .vscodeignore). */
const tools = [
  { ...node, entryPoints: ['scripts/conformance.ts'], outfile: 'dist/conformance.js' },
  { ...node, entryPoints: ['scripts/eval.ts'], outfile: 'dist/eval.js' },
  { ...node, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
  { ...node, entryPoints: ['scripts/hardening.ts'], outfile: 'dist/hardening.js' },
  { ...node, entryPoints: ['scripts/demo.ts'], outfile: 'dist/demo.js' },
  { ...node, entryPoints: ['test/e2e/exthost/suite.ts'], outfile: 'dist/test/suite.js', external: ['vscode', 'mocha'] },
];

const configs = [...shipped, ...tools].filter((c) => existsSync(c.entryPoints[0]));
if (watch) {
  const contexts = await Promise.all(configs.map((c) => context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`[esbuild] watching ${configs.length} bundles`);
} else {
  await Promise.all(configs.map((c) => build(c)));
}
