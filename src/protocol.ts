// Every message between the extension host, the analysis worker and the panel webview.
// No vscode, DOM or Node imports here: this file is compiled into all three sides.
import type { AnalysisOptions } from './core/options';
import type { Report, ReportSource } from './core/report';

/** What to analyse: absolute local paths (files or folders) on each side. */
export interface AnalysisJob {
  readonly baseline: readonly string[];
  readonly target: readonly string[];
  readonly options: AnalysisOptions;
  /** Copied into the report so the panel can show where the logs came from. */
  readonly source?: ReportSource;
}

export type AnalysisPhase = 'read' | 'train' | 'test' | 'report';

export interface AnalysisProgress {
  readonly phase: AnalysisPhase;
  /** Files finished in this phase and the phase's total. */
  readonly files: number;
  readonly totalFiles: number;
  /** Lines processed so far in this phase. */
  readonly lines: number;
}

/** Errors cross thread and process boundaries as plain data; structured clone keeps no class. */
export type ErrorKind = 'cancelled' | 'input' | 'source' | 'internal';
export interface ErrorData {
  readonly kind: ErrorKind;
  /** A finer machine-readable reason, e.g. 'notFound', 'unauthorized', 'timeout'. */
  readonly reason?: string;
  readonly message: string;
}

export type ToWorker =
  | { readonly type: 'analyze'; readonly id: number; readonly job: AnalysisJob }
  | { readonly type: 'cancel'; readonly id: number };

/** A report as JSON pieces (UTF-8), made and read by worker/reportPacking.ts. */
export interface PackedReport {
  /** JSON of the report with each file's anomalies and blocks left empty, and how many pieces each file has. */
  readonly head: Uint8Array;
  /** Per file, in order: its anomaly pieces, then its block pieces (JSON arrays). */
  readonly pieces: readonly Uint8Array[];
}

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly progress: AnalysisProgress }
  /** The report in JSON pieces whose buffers are moved with the message (see worker/reportPacking.ts). */
  | { readonly type: 'result'; readonly id: number; readonly report: PackedReport }
  | { readonly type: 'error'; readonly id: number; readonly error: ErrorData };

/** Panel view state kept by the webview across hide/show and window reloads. */
export interface PanelViewState {
  /** Display threshold; only anomalies at or above it are shown (no re-run). */
  readonly threshold: number;
  readonly search: string;
  /** Model names whose group is collapsed. */
  readonly collapsed: readonly string[];
}

/**
 * The view a new report starts with: its own threshold and no search, the groups as they were. The host and the
 * webview both apply it, so the editor's highlights and the panel agree, and a filter kept from an earlier report
 * cannot hide some of this one's anomalies.
 */
export function viewForReport(view: PanelViewState, report: Report): PanelViewState {
  return { ...view, threshold: report.threshold, search: '' };
}

/** Whether a value has the shape of a PanelViewState, with usable values: what the webview sends or saved is checked. */
export function isPanelViewState(value: unknown): value is PanelViewState {
  if (!value || typeof value !== 'object') return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state['threshold'] === 'number' && Number.isFinite(state['threshold']) && typeof state['search'] === 'string' &&
    Array.isArray(state['collapsed']) && state['collapsed'].every((name) => typeof name === 'string')
  );
}

export type ToWebview =
  /** `hostKeepsReport`: the host brings the report back after a reload itself, so the panel saves only its view. */
  | { readonly type: 'init'; readonly report: Report | undefined; readonly state: PanelViewState; readonly hostKeepsReport?: boolean }
  | { readonly type: 'report'; readonly report: Report | undefined }
  | { readonly type: 'select'; readonly path: string; readonly line: number }
  | { readonly type: 'status'; readonly message: string; readonly level: 'info' | 'error' };

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly path: string; readonly line: number }
  | { readonly type: 'openUrl'; readonly url: string }
  /** `reportId`: the report (see reportIdentity) the view was set for, none before any report. */
  | { readonly type: 'state'; readonly state: PanelViewState; readonly reportId?: string };

/** Distance buckets shared by the editor decorations and the panel shading so both agree; lowest first. */
export type DistanceBucket = 'Low' | 'Medium' | 'High';
export const DISTANCE_BUCKETS: readonly { readonly name: DistanceBucket; /** Inclusive lower bound, 0..1. */ readonly from: number }[] = [
  { name: 'Low', from: 0 },
  { name: 'Medium', from: 0.4 },
  { name: 'High', from: 0.7 },
];

export function distanceBucket(distance: number): DistanceBucket {
  let bucket: DistanceBucket = 'Low';
  for (const candidate of DISTANCE_BUCKETS) if (distance >= candidate.from) bucket = candidate.name;
  return bucket;
}

/** Tells reports apart without keeping them: when and on what each was made. */
export function reportIdentity(report: Report): string {
  return `${report.createdAt}|${report.totals.baselineLines}|${report.totals.targetLines}|${report.totals.anomalyLines}`;
}
