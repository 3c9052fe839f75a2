#!/usr/bin/env bash
# `npm run demo [-- --no-editor]`: builds, then runs scripts/demo.ts (dist/demo.js), which needs no Zuul: it serves
# a generated failed job from the project's fixture server, runs the CLI on its Gerrit link, then shows the same link
# in VS Code (code-server, driven by Chromium) and saves a screenshot.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# A fresh clone has no node_modules: install the locked dependencies first.
[ -x node_modules/.bin/esbuild ] || npm ci --no-audit --no-fund
# The editor part needs code-server and Chromium: installed once (npm and apt only) and cached by test/e2e/setup.sh,
# which returns at once when they are there.
case " $* " in
  *" --no-editor "*) ;;
  *)
    if ! bash test/e2e/setup.sh; then
      # The CLI part needs none of it: run that, and say the run was not complete.
      echo "[demo] code-server or Chromium could not be installed (see above): only the CLI part runs." >&2
      node esbuild.mjs --production
      node dist/demo.js "$@" --no-editor || exit $?
      exit 1
    fi
    ;;
esac
node esbuild.mjs --production
exec node dist/demo.js "$@"
