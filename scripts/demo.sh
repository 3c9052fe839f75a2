#!/usr/bin/env bash
# `npm run demo [-- --no-editor]`: builds, then runs scripts/demo.ts (dist/demo.js), which needs no Zuul: it serves
# a generated failed job from the project's fixture server, runs the CLI on its Gerrit link and, when code-server is
# installed (bash test/e2e/setup.sh), shows the same link in VS Code and saves a screenshot.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# A fresh clone has no node_modules: install the locked dependencies first.
[ -x node_modules/.bin/esbuild ] || npm ci --no-audit --no-fund
node esbuild.mjs
exec node dist/demo.js "$@"
