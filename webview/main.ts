// Entry of the panel webview (bundled to dist/webview.js). It renders the report it is given, filters it locally and
// keeps its view state (and the report, for window reloads) through the webview state API.
import type { Report } from '../src/core/report';
import { REPORT_VERSION } from '../src/core/report';
import { isPanelViewState, reportIdentity, viewForReport, type FromWebview, type PanelViewState, type ToWebview } from '../src/protocol';
import { element, ensureTabStop, renderGroups, renderHeader, type PanelRows, type RenderCallbacks } from './render';
import { buildReportView, type ReportView } from './reportView';
import { progressRing, registerComponents, setTextFieldValue, textField } from './ui/components';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview saves: the host's serializer reads the same shape back after a reload. */
interface SavedState {
  readonly view: PanelViewState;
  /** Which report the view's filter belongs to (see reportIdentity). */
  readonly reportId?: string;
  readonly report?: Report;
  /**
   * Groups the user opened, and how far the page was scrolled, for the report `reportId` names: the panel's page is
   * torn down whenever its tab is hidden (and on a window reload), and must come back as the user left it.
   */
  readonly openedGroups?: readonly string[];
  readonly scrollY?: number;
  /**
   * The row at the top of the page and the row selected: rows past the first page ("Show more", a line the editor
   * moved to) are rendered again up to them, which the scroll position alone could not bring back.
   */
  readonly topRow?: RowPlace;
  readonly selected?: RowPlace;
}

/** A row of the panel: a line of a report file. */
interface RowPlace {
  readonly path: string;
  readonly line: number;
}

const vscode = acquireVsCodeApi();
registerComponents();

const saved = readSavedState(vscode.getState());
let view: PanelViewState = saved?.view ?? { threshold: 0.2, search: '', collapsed: [] };
let report: Report | undefined = saved?.report;
/** Set by the host: it keeps the report across reloads itself, so the saved state needs only the view. */
let hostKeepsReport = false;
let reportView: ReportView | undefined;
let panelRows: PanelRows | undefined;
/** Groups the user opened since the report came, which open again on a re-render even past the first page (see renderGroups). */
const openedGroups = new Set<string>();
/** What the saved state says of the page as it was left; applied when that report is shown again (see `render`). */
interface LeftAs {
  readonly reportId: string;
  readonly openedGroups: readonly string[];
  readonly scrollY: number;
  readonly topRow?: RowPlace;
  readonly selected?: RowPlace;
}
let leftAs: LeftAs | undefined =
  saved?.reportId !== undefined
    ? {
        reportId: saved.reportId, openedGroups: saved.openedGroups ?? [], scrollY: saved.scrollY ?? 0,
        ...(saved.topRow ? { topRow: saved.topRow } : {}), ...(saved.selected ? { selected: saved.selected } : {}),
      }
    : undefined;
/** The row last selected (by a click or by the editor), kept through re-renders (a search, a threshold step). */
let selected: RowPlace | undefined = saved?.selected;

const header = element('header');
header.id = 'header';
const toolbar = element('div');
toolbar.id = 'toolbar';
const status = element('div');
status.id = 'status';
// Progress and errors of an analysis are announced, not only shown.
status.setAttribute('role', 'status');
const groups = element('main');
groups.id = 'groups';
document.body.append(header, toolbar, status, groups);

const thresholdRange = element('input');
thresholdRange.id = 'threshold-range';
thresholdRange.type = 'range';
const thresholdNumber = element('input');
thresholdNumber.id = 'threshold';
thresholdNumber.type = 'number';
for (const input of [thresholdRange, thresholdNumber]) {
  input.min = '0';
  input.max = '1';
  input.step = '0.01';
  input.setAttribute('aria-label', 'Display threshold');
  input.addEventListener('input', () => {
    // An emptied or half-typed box (`''`, `0.`) is no threshold yet: `Number('')` is 0, which showed every line and
    // told the host the threshold was 0.
    if (input.value.trim() === '' || !input.validity.valid) return;
    const value = Number(input.value);
    if (Number.isFinite(value) && value >= 0 && value <= 1) updateView({ threshold: value }, input);
  });
}
const thresholdLabel = element('label', 'threshold-label', 'Threshold ');
thresholdLabel.append(thresholdRange, thresholdNumber);
const search = textField({ id: 'search', placeholder: 'Search lines and files', value: view.search, onInput: (value) => updateView({ search: value }) });
toolbar.append(thresholdLabel, search);
// The toolkit names its field "Text field" when it is attached; give it the name the placeholder shows.
search.setAttribute('aria-label', 'Search lines and files');

const callbacks: RenderCallbacks = {
  reveal: (path, line) => {
    markSelected(path, line);
    vscode.postMessage({ type: 'reveal', path, line });
  },
  openUrl: (url) => vscode.postMessage({ type: 'openUrl', url }),
  toggleGroup: (model, open, byUser) => {
    // The rows a group shows once opened are reachable with Tab when no other row was.
    if (open) ensureTabStop();
    // Only the user's openings: groups a render or a selection opened would otherwise all open again on every
    // re-render, past the first page too.
    if (open && byUser) openedGroups.add(model);
    else if (!open) openedGroups.delete(model);
    // The toggle event also fires when rendering opens a group: only a real change is saved.
    if (open === !view.collapsed.includes(model)) return;
    const collapsed = open ? view.collapsed.filter((name) => name !== model) : [...view.collapsed, model];
    updateView({ collapsed }, undefined, false);
  },
};

window.addEventListener('message', (event: MessageEvent<ToWebview>) => handle(event.data));
// Scrolling is saved too (once it pauses), so the page comes back where it was read.
window.addEventListener('scroll', () => persistSoon(), { passive: true });
render();
vscode.postMessage({ type: 'ready' });

function handle(message: ToWebview): void {
  switch (message.type) {
    case 'init':
      view = message.state;
      report = message.report;
      // A selection saved with another report is no place in this one.
      if (!report || leftAs?.reportId !== reportIdentity(report)) selected = undefined;
      hostKeepsReport = message.hostKeepsReport === true;
      setTextFieldValue(search, view.search);
      setStatus(undefined);
      render(undefined, true);
      // The page as it was left is restored once, by the host's first word: from then on the user's own.
      leftAs = undefined;
      break;
    case 'report':
      report = message.report;
      openedGroups.clear();
      selected = undefined;
      // The host restarts the display filter too (see viewForReport).
      if (report) {
        view = viewForReport(view, report);
        setTextFieldValue(search, '');
      }
      setStatus(undefined);
      render(undefined, true);
      break;
    case 'select':
      markSelected(message.path, message.line, 'scroll');
      break;
    case 'status':
      // An empty message clears the line (the host sends one when an analysis ends or is cancelled).
      setStatus(message.message === '' ? undefined : message.message, message.level);
      break;
  }
}

/**
 * Typing in the search box or dragging the threshold fires an event per step, and each rebuild of a big report's
 * view (and each save of the state, which copies the whole report) costs: the view is rebuilt once the input pauses
 * for this long, and the state saved once the changes pause for SAVE_PAUSE_MS.
 */
const INPUT_PAUSE_MS = 120;
const SAVE_PAUSE_MS = 400;
let pendingRender: ReturnType<typeof setTimeout> | undefined;
let pendingSave: ReturnType<typeof setTimeout> | undefined;

function updateView(change: Partial<PanelViewState>, source?: HTMLInputElement, rerender = true): void {
  view = { ...view, ...change };
  // The host keeps the view state at once; only the webview's own copy waits.
  vscode.postMessage({ type: 'state', state: view, ...(report ? { reportId: reportIdentity(report) } : {}) });
  if (!rerender) {
    persistSoon();
    return;
  }
  clearTimeout(pendingRender);
  pendingRender = setTimeout(() => render(source), INPUT_PAUSE_MS);
}

/**
 * Rebuilds the view. A new report is saved at once (`saveNow`): the panel may be hidden, and its page torn down,
 * before a delayed save runs, and a reload would then bring back the report before it.
 */
function render(source?: HTMLInputElement, saveNow = false): void {
  clearTimeout(pendingRender);
  pendingRender = undefined;
  if (source !== thresholdRange) thresholdRange.value = String(view.threshold);
  if (source !== thresholdNumber) thresholdNumber.value = String(view.threshold);
  reportView = report ? buildReportView(report, view) : undefined;
  document.body.classList.toggle('no-report', !report);
  renderHeader(header, report, reportView, callbacks);
  const restore = leftAs !== undefined && report !== undefined && leftAs.reportId === reportIdentity(report) ? leftAs : undefined;
  if (restore) restore.openedGroups.forEach((model) => openedGroups.add(model));
  panelRows = renderGroups(groups, reportView, new Set(view.collapsed), callbacks, openedGroups);
  // The selection is shown again if the filter still shows its line (rendering it if it was past the first page),
  // but a group the user closed stays closed.
  if (selected) {
    const { path, line } = selected;
    const model = report?.files.find((file) => file.path === path)?.model;
    markSelected(path, line, model !== undefined && view.collapsed.includes(model) ? 'none' : 'render');
  }
  ensureTabStop();
  if (restore) {
    const top = restore.topRow ? panelRows.rowFor(restore.topRow.path, restore.topRow.line) : undefined;
    if (top) top.scrollIntoView({ block: 'start' });
    else window.scrollTo(0, restore.scrollY);
  }
  if (saveNow) persist();
  else persistSoon();
}

function persistSoon(): void {
  clearTimeout(pendingSave);
  pendingSave = setTimeout(persist, SAVE_PAUSE_MS);
}

function persist(): void {
  clearTimeout(pendingSave);
  pendingSave = undefined;
  // A copy of a big report in the saved state costs memory and time on every save: only when the host keeps none.
  // The report's identity says which report the saved filter belongs to.
  // Before the host's first word the page has no report yet, and the state it was left in is still to be applied:
  // kept as it was, so a page torn down again that soon does not lose it.
  const topRow = report ? rowAtTop() : undefined;
  const left: LeftAs | undefined = report
    ? { reportId: reportIdentity(report), openedGroups: [...openedGroups], scrollY: Math.round(window.scrollY), ...(topRow ? { topRow } : {}), ...(selected ? { selected } : {}) }
    : leftAs;
  vscode.setState({
    view,
    ...(left ? { reportId: left.reportId, openedGroups: [...left.openedGroups], scrollY: left.scrollY } : {}),
    ...(left?.topRow ? { topRow: left.topRow } : {}),
    ...(left?.selected ? { selected: left.selected } : {}),
    ...(report && !hostKeepsReport ? { report } : {}),
  });
}

/** The row just under the sticky toolbar, if a row is there. */
function rowAtTop(): RowPlace | undefined {
  // The toolbar is sticky (media/panel.css); without the style sheet it scrolls away with the page.
  const below = Math.max(0, toolbar.getBoundingClientRect().bottom) + 2;
  // Mid-width: rows span the page there, past the indents of groups and files.
  const row = document.elementFromPoint(window.innerWidth / 2, below)?.closest<HTMLElement>('.line');
  const path = row?.dataset['path'];
  const line = Number(row?.dataset['line']);
  return path !== undefined && Number.isInteger(line) ? { path, line } : undefined;
}

function setStatus(message: string | undefined, level: 'info' | 'error' = 'info'): void {
  status.replaceChildren();
  status.className = level;
  if (message === undefined) return;
  if (level === 'info') status.append(progressRing());
  const text = element('span', 'status-text', message);
  if (level === 'error') text.setAttribute('role', 'alert');
  status.append(text);
}

/**
 * Highlights the row of a line (or the anomaly it repeats). `render`: a line not rendered yet (its group closed, or
 * behind "Show more") is rendered first; `scroll`: also brought into view, unless it is in view already (the row a
 * click selected stays under the mouse).
 */
function markSelected(path: string, line: number, mode: 'none' | 'render' | 'scroll' = 'none'): void {
  selected = { path, line };
  document.querySelectorAll('.line.selected').forEach((row) => row.classList.remove('selected'));
  const row = mode !== 'none' ? panelRows?.rowFor(path, line) : [...document.querySelectorAll<HTMLElement>(`.line[data-line="${line}"]`)].find((candidate) => candidate.dataset['path'] === path);
  if (!row) return;
  row.classList.add('selected');
  if (mode === 'scroll' && !inView(row)) row.scrollIntoView({ block: 'center' });
}

/** Whether a row is wholly in view, below the sticky toolbar. */
function inView(row: HTMLElement): boolean {
  const box = row.getBoundingClientRect();
  return box.top >= Math.max(0, toolbar.getBoundingClientRect().bottom) && box.bottom <= window.innerHeight;
}

function readSavedState(value: unknown): SavedState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Partial<SavedState>;
  const state = candidate.view;
  if (!isPanelViewState(state)) return undefined;
  const savedReport = candidate.report?.version === REPORT_VERSION ? candidate.report : undefined;
  const leftAs =
    typeof candidate.reportId === 'string'
      ? {
          reportId: candidate.reportId,
          openedGroups: Array.isArray(candidate.openedGroups) ? candidate.openedGroups.filter((model): model is string => typeof model === 'string') : [],
          scrollY: typeof candidate.scrollY === 'number' && Number.isFinite(candidate.scrollY) ? candidate.scrollY : 0,
          ...(isRowPlace(candidate.topRow) ? { topRow: candidate.topRow } : {}),
          ...(isRowPlace(candidate.selected) ? { selected: candidate.selected } : {}),
        }
      : {};
  return { view: state, ...leftAs, ...(savedReport ? { report: savedReport } : {}) };
}

function isRowPlace(value: unknown): value is RowPlace {
  if (!value || typeof value !== 'object') return false;
  const place = value as Partial<RowPlace>;
  return typeof place.path === 'string' && typeof place.line === 'number' && Number.isInteger(place.line);
}
