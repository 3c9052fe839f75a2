// Runs the project's fixture server (fake Gerrit + Zuul + log server on 127.0.0.1) for the e2e run, in its own
// process so code-server and the tests reach it like a real remote. Writes what the tests need as JSON to the file
// given as argument, then serves until SIGTERM.
// Usage (from the repository root): node --import tsx test/e2e/fixtureLauncher.ts <out.json>
import { writeFileSync } from 'node:fs';
import { startFixtureServer } from '../fixtures/fixtureServer';
import { generateSampleJob } from '../fixtures/sampleJob';

/** The fields e2e tests read from the launcher's JSON file. */
export interface E2eFixtures {
  readonly sample: {
    readonly url: string;
    readonly changeUrl: string;
    readonly zuulRoot: string;
    readonly tenant: string;
    readonly jobName: string;
    readonly targetUuid: string;
    /** Lines planted in the failed run only (file, substring): each must come out as an anomaly. */
    readonly failureMarkers: readonly { readonly file: string; readonly text: string }[];
  };
  /** User settings code-server starts with: the fixture's Gerrit path mapped to its Zuul. */
  readonly settings: Readonly<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: fixtureLauncher.ts <out.json>');
  const sharedDir = process.env['LOG_TRIAGE_E2E_SHARED'];
  const sample = await startFixtureServer({ name: 'sample', ...(sharedDir ? { sharedDir } : {}) });
  const host = new URL(sample.url).host;
  const fixtures: E2eFixtures = {
    sample: {
      url: sample.url,
      changeUrl: `${sample.gerritBase}/c/${sample.project}/+/${sample.change}`,
      zuulRoot: sample.zuulRoot,
      tenant: sample.tenant,
      jobName: sample.jobName,
      targetUuid: sample.targetUuid,
      // The server builds scenario 'sample' from seed 1 with 3 passing runs; the same call gives its planted lines.
      failureMarkers: generateSampleJob(1, 3).failureMarkers,
    },
    settings: { 'logTriage.zuulMap': { [`${host}/r`]: { url: sample.zuulRoot, tenant: sample.tenant } } },
  };
  const stop = (): void => {
    // The request log goes to fixtures.log in .e2e-artifacts: what the extension asked for, in order.
    console.log(`${sample.requests.length} requests:`);
    for (const request of sample.requests) console.log(`  ${request.method} ${request.path}${request.authorization ? ' (with Authorization)' : ''}`);
    void sample.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  writeFileSync(out, JSON.stringify(fixtures, null, 2));
  console.log(`fixture server on ${sample.url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
