// Runs one analysis at a time under a single cancellable progress notification: download (sources) then analysis
// (worker thread). Errors become actionable messages; details go to the "Log Triage" output channel, secrets never.
import * as vscode from 'vscode';
import type { Report } from '../core/report';
import type { AnalysisJob, AnalysisProgress } from '../protocol';
import { prepareAnalysis, type BuildInfo, type DownloadProgress } from '../sources/flow';
import { displayUrl } from '../sources/sourceError';
import { AnalysisClient, AnalysisError } from '../worker/client';
import { actionsFor, settingsQueryFor, toErrorData } from './analysisErrors';
import { readConfig, toAnalysisOptions, toSourceSettings, type LogTriageConfig } from './config';
import type { CredentialStore } from './credentialStore';
import { plainNotification } from './notificationText';
import { settingsProblem } from './settingsCheck';
import type { ReportStore } from './reportStore';

export interface RunnerHost {
  readonly extensionUri: vscode.Uri;
  readonly cacheDir: string;
  readonly store: ReportStore;
  readonly credentials: CredentialStore;
  readonly log: vscode.LogOutputChannel;
  /** Called with each new report, after it became current (open the first anomaly, show the panel...). */
  readonly onReport: (report: Report) => Promise<void>;
  /** A one-line state for the panel header; an empty message clears it. */
  readonly onStatus: (message: string, level: 'info' | 'error') => void;
}

type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/** The settings, or an 'input' error naming the one that is wrong (see settingsCheck.ts). */
function checkedConfig(): LogTriageConfig {
  const config = readConfig();
  const problem = settingsProblem(config);
  if (problem !== undefined) throw new AnalysisError({ kind: 'input', reason: 'badSettings', message: problem });
  return config;
}

export class AnalysisRunner implements vscode.Disposable {
  private client: AnalysisClient | undefined;
  private running: AbortController | undefined;

  constructor(private readonly host: RunnerHost) {}

  /** A Gerrit change, Zuul build/buildset or log URL: downloads target and baselines, then analyses. */
  analyzeLink(link: string): Promise<Report | undefined> {
    return this.run(`Analyzing ${displayUrl(link)}`, async (signal, progress) => {
      const config = checkedConfig();
      this.host.log.info(`Resolving ${displayUrl(link)}`);
      const prepared = await prepareAnalysis(link, toSourceSettings(config, this.host.cacheDir, this.host.credentials.authHeaders), {
        signal,
        onProgress: throttle((update: DownloadProgress) => progress.report({ message: plainNotification(describeDownload(update)) })),
        pickBuild: (builds) => pickBuild(builds, signal),
      });
      this.host.log.info(`Target ${prepared.target}; ${prepared.baselines.length} baseline(s)`);
      const notes = prepared.notes ?? [];
      for (const note of notes) this.host.log.warn(note);
      // Nothing to compare with (a job that never passed, logs expired): one message that says so and what to do,
      // not a warning followed by the worker's "no baseline path was given".
      if (prepared.baselines.length === 0) {
        const why = notes.length > 0 ? `${notes.join(' ')} ` : '';
        throw new AnalysisError({
          kind: 'input',
          reason: 'noBaseline',
          message: `Nothing to compare with. ${why}To compare with logs of your own, open the failed log and run "Log Triage: Analyze Current File Against Baseline…".`,
        });
      }
      // Fewer baselines than asked, or logs analysed again offline from the cache: the user should know either.
      if (notes.length > 0) void vscode.window.showWarningMessage(`Log Triage: ${plainNotification(notes.join(' '))}`);
      return { target: [prepared.target], baseline: prepared.baselines, options: toAnalysisOptions(config), source: prepared.source };
    }, () => this.analyzeLink(link));
  }

  /** Local files or folders on both sides. */
  analyzePaths(target: readonly string[], baseline: readonly string[]): Promise<Report | undefined> {
    return this.run('Analyzing local logs', async () => {
      this.host.log.info(`Local analysis: ${target.length} target and ${baseline.length} baseline path(s)`);
      return { target, baseline, options: toAnalysisOptions(checkedConfig()) };
    }, () => this.analyzePaths(target, baseline));
  }

  private async run(
    title: string,
    makeJob: (signal: AbortSignal, progress: ProgressReporter) => Promise<AnalysisJob>,
    retry: () => Promise<Report | undefined>,
  ): Promise<Report | undefined> {
    // A new request replaces the one in flight: the user asked for something else.
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const started = Date.now();
    this.host.onStatus(`${title}…`, 'info');
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Log Triage: ${plainNotification(title)}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const job = await makeJob(controller.signal, progress);
          progress.report({ message: 'starting analysis' });
          return this.analysisClient().analyze(job, {
            signal: controller.signal,
            onProgress: throttle((update: AnalysisProgress) => progress.report({ message: describeAnalysis(update) })),
          });
        },
      );
      this.host.log.info(
        `Analysis done in ${Date.now() - started} ms: ${report.totals.anomalies} anomalies (${report.totals.anomalyLines} of ${report.totals.targetLines} lines) in ${report.files.length} files`,
      );
      this.host.onStatus('', 'info');
      this.host.store.set(report);
      try {
        await this.host.onReport(report);
      } catch (error) {
        // The analysis itself succeeded and its report is shown: a failure to open its first file is no failed analysis.
        const message = error instanceof Error ? error.message : String(error);
        this.host.log.error(`Showing the report: ${message}`);
        void vscode.window.showWarningMessage(`Log Triage: the analysis finished, but its first anomaly could not be shown: ${plainNotification(message)}`);
      }
      return report;
    } catch (error) {
      // Not awaited: the command resolves (to undefined) while the message waits for the user. A run that a newer one
      // replaced leaves the status line to it.
      void this.fail(error, retry, () => this.running === undefined || this.running === controller);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  private async fail(error: unknown, retry: () => Promise<Report | undefined>, ownsStatus: () => boolean): Promise<void> {
    const data = toErrorData(error);
    if (data.kind === 'cancelled') {
      this.host.log.info('Analysis cancelled');
      if (ownsStatus()) this.host.onStatus('', 'info');
      return;
    }
    this.host.log.error(`${data.kind}${data.reason ? `/${data.reason}` : ''}: ${data.message}`);
    // Said as the last attempt's: the report below it, if any, is an earlier one's and still stands.
    if (ownsStatus()) this.host.onStatus(`The last analysis failed: ${data.message}`, 'error');
    if (data.kind === 'internal') {
      // The worker may have died: start a fresh one next time instead of reusing a broken thread.
      this.client?.dispose();
      this.client = undefined;
    }
    const actions = actionsFor(data);
    const choice = await vscode.window.showErrorMessage(`Log Triage: ${plainNotification(data.message)}`, ...actions);
    switch (choice) {
      case 'Retry':
        await retry();
        break;
      case 'Open Settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', settingsQueryFor(data));
        break;
      case 'Set Credentials':
        await vscode.commands.executeCommand('logTriage.setCredentials');
        break;
      case 'Show Log':
        this.host.log.show(true);
        break;
      case undefined:
        break;
    }
  }

  /** The worker thread starts with the first analysis, not at activation. */
  private analysisClient(): AnalysisClient {
    return (this.client ??= new AnalysisClient(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'worker.js').fsPath));
  }

  dispose(): void {
    this.running?.abort();
    this.client?.dispose();
    this.client = undefined;
  }
}

/** Asks which failed build to analyze; the list closes when the analysis is cancelled or replaced meanwhile. */
async function pickBuild(builds: readonly BuildInfo[], signal: AbortSignal): Promise<BuildInfo | undefined> {
  const closing = new vscode.CancellationTokenSource();
  const close = (): void => closing.cancel();
  signal.addEventListener('abort', close, { once: true });
  try {
    const picked = await vscode.window.showQuickPick(
      builds.map((build) => ({
        label: build.jobName,
        description: `${build.result}${build.voting ? '' : ' (non-voting)'}`,
        detail: [build.pipeline, build.endTime, build.webUrl ?? build.logUrl].filter(Boolean).join(' · '),
        build,
      })),
      { title: 'Log Triage: several builds failed', placeHolder: 'Pick the build to analyze', ignoreFocusOut: true, matchOnDetail: true },
      closing.token,
    );
    return picked?.build;
  } finally {
    signal.removeEventListener('abort', close);
    closing.dispose();
  }
}

function describeDownload(update: DownloadProgress): string {
  const megabytes = (update.bytes / (1024 * 1024)).toFixed(1);
  return update.phase === 'resolve' ? update.message : `downloading ${update.files}/${update.totalFiles} files (${megabytes} MB)`;
}

const PHASE_NAMES: Record<AnalysisProgress['phase'], string> = { read: 'reading', train: 'learning baselines', test: 'scoring target', report: 'reporting' };

function describeAnalysis(update: AnalysisProgress): string {
  return `${PHASE_NAMES[update.phase]}: ${update.files}/${update.totalFiles} files, ${update.lines.toLocaleString('en-US')} lines`;
}

/** Progress callbacks can fire thousands of times a second; the notification needs a few updates per second. */
function throttle<T>(report: (value: T) => void, intervalMs = 150): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    report(value);
  };
}
