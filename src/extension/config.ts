// The only reader of `logTriage.*` settings: everything else receives plain, typed values from here.
import * as vscode from 'vscode';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../core/options';
import type { SourceSettings } from '../sources/flow';
import { globToRegExp } from '../sources/glob';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/localLogs';

export const CONFIG_SECTION = 'logTriage';

export type DecorationStyle = 'background' | 'gutter' | 'both';

export interface ZuulTarget {
  readonly url: string;
  readonly tenant?: string;
}

/** Mirrors `contributes.configuration` in package.json; defaults here must match the manifest. */
export interface LogTriageConfig {
  readonly threshold: number;
  readonly contextLinesBefore: number;
  readonly contextLinesAfter: number;
  readonly baselineCount: number;
  readonly zuulMap: Readonly<Record<string, ZuulTarget>>;
  readonly concurrency: number;
  readonly cacheMaxMB: number;
  readonly maxFileMB: number;
  readonly maxDownloadMB: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** False: only `exclude` decides what is skipped (the built-in list of binaries and noise files is off). */
  readonly useDefaultIgnoreList: boolean;
  readonly decorationStyle: DecorationStyle;
  readonly requestTimeoutSeconds: number;
  /** VS Code's own `http.proxy`, when set. */
  readonly proxy?: string;
}

export const DEFAULT_CONFIG: LogTriageConfig = {
  threshold: DEFAULT_OPTIONS.threshold,
  contextLinesBefore: DEFAULT_OPTIONS.contextBefore,
  contextLinesAfter: DEFAULT_OPTIONS.contextAfter,
  baselineCount: 3,
  zuulMap: {},
  concurrency: 6,
  cacheMaxMB: 2048,
  // The CLI's default too (`--max-file-size`): the same log is read alike from the editor and from scripts.
  maxFileMB: DEFAULT_MAX_FILE_BYTES / (1024 * 1024),
  maxDownloadMB: 2048,
  include: [],
  exclude: [],
  useDefaultIgnoreList: true,
  decorationStyle: 'both',
  requestTimeoutSeconds: 60,
};

export function readConfig(): LogTriageConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy', '').trim();
  return {
    threshold: clamp(numberSetting(section, 'threshold', DEFAULT_CONFIG.threshold), 0, 1),
    contextLinesBefore: wholeNumber(section, 'contextLinesBefore', DEFAULT_CONFIG.contextLinesBefore, 0, 100),
    contextLinesAfter: wholeNumber(section, 'contextLinesAfter', DEFAULT_CONFIG.contextLinesAfter, 0, 100),
    baselineCount: wholeNumber(section, 'baselineCount', DEFAULT_CONFIG.baselineCount, 1, 20),
    zuulMap: readZuulMap(section),
    concurrency: wholeNumber(section, 'concurrency', DEFAULT_CONFIG.concurrency, 1, 64),
    cacheMaxMB: wholeNumber(section, 'cacheMaxMB', DEFAULT_CONFIG.cacheMaxMB, 0, 1_000_000),
    maxFileMB: wholeNumber(section, 'maxFileMB', DEFAULT_CONFIG.maxFileMB, 1, 100_000),
    maxDownloadMB: wholeNumber(section, 'maxDownloadMB', DEFAULT_CONFIG.maxDownloadMB, 1, 1_000_000),
    include: stringList(section, 'include'),
    exclude: stringList(section, 'exclude'),
    useDefaultIgnoreList: section.get<unknown>('useDefaultIgnoreList') !== false,
    decorationStyle: decorationStyle(section.get<unknown>('decorationStyle')),
    requestTimeoutSeconds: wholeNumber(section, 'requestTimeoutSeconds', DEFAULT_CONFIG.requestTimeoutSeconds, 1, 3600),
    ...(proxy ? { proxy } : {}),
  };
}

/** True when a configuration change touches any setting this extension reads. */
export function affectsConfig(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(CONFIG_SECTION) || event.affectsConfiguration('http.proxy');
}

export function toAnalysisOptions(config: LogTriageConfig): AnalysisOptions {
  return {
    ...DEFAULT_OPTIONS,
    threshold: config.threshold,
    contextBefore: config.contextLinesBefore,
    contextAfter: config.contextLinesAfter,
    ...(config.exclude.length > 0 ? { excludes: config.exclude.map((glob) => globToRegExp(glob).source) } : {}),
    ...(config.useDefaultIgnoreList ? {} : { replaceDefaultExcludes: true }),
  };
}

export function toSourceSettings(
  config: LogTriageConfig,
  cacheDir: string,
  authHeaders: (url: string) => Promise<Readonly<Record<string, string>>>,
): SourceSettings {
  const megabyte = 1024 * 1024;
  return {
    zuulMap: config.zuulMap,
    baselineCount: config.baselineCount,
    concurrency: config.concurrency,
    cacheDir,
    cacheMaxBytes: config.cacheMaxMB * megabyte,
    include: config.include,
    exclude: config.exclude,
    timeoutMs: config.requestTimeoutSeconds * 1000,
    maxFileBytes: config.maxFileMB * megabyte,
    maxTotalBytes: config.maxDownloadMB * megabyte,
    authHeaders,
    ...(config.proxy ? { proxy: config.proxy } : {}),
  };
}

/**
 * In an untrusted workspace a checked-in `.vscode/settings.json` must not point Log Triage at a server, so only the
 * user's own (global) value of `zuulMap` counts there.
 */
function readZuulMap(section: vscode.WorkspaceConfiguration): Readonly<Record<string, ZuulTarget>> {
  const raw: unknown = vscode.workspace.isTrusted ? section.get<unknown>('zuulMap') : section.inspect<unknown>('zuulMap')?.globalValue;
  const map: Record<string, ZuulTarget> = {};
  if (!raw || typeof raw !== 'object') return map;
  for (const [host, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const { url, tenant } = value as { url?: unknown; tenant?: unknown };
    if (typeof url !== 'string' || url.trim() === '') continue;
    map[host.trim().toLowerCase()] = typeof tenant === 'string' && tenant.trim() !== '' ? { url: url.trim(), tenant: tenant.trim() } : { url: url.trim() };
  }
  return map;
}

function numberSetting(section: vscode.WorkspaceConfiguration, key: string, fallback: number): number {
  const value = section.get<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function wholeNumber(section: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number, max: number): number {
  return clamp(Math.round(numberSetting(section, key, fallback)), min, max);
}

function stringList(section: vscode.WorkspaceConfiguration, key: string): readonly string[] {
  const value = section.get<unknown>(key);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

function decorationStyle(value: unknown): DecorationStyle {
  return value === 'background' || value === 'gutter' || value === 'both' ? value : DEFAULT_CONFIG.decorationStyle;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
