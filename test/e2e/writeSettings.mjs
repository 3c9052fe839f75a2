// Writes the code-server user settings for an e2e run: the offline settings kept beside this file, plus the
// settings the fixture launcher asks for (logTriage.zuulMap pointing the fixture Gerrit host at its Zuul).
// Usage: node writeSettings.mjs <baseSettings.json> <out.json>   (reads LOG_TRIAGE_E2E_FIXTURES when set)
import { readFileSync, writeFileSync } from 'node:fs';

const [base, out] = process.argv.slice(2);
const settings = JSON.parse(readFileSync(base, 'utf8'));
const fixturesFile = process.env.LOG_TRIAGE_E2E_FIXTURES;
if (fixturesFile) Object.assign(settings, JSON.parse(readFileSync(fixturesFile, 'utf8')).settings ?? {});
writeFileSync(out, JSON.stringify(settings, null, 2));
