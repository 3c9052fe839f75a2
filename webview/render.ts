// DOM for the anomaly panel. A log line is data, never markup: every piece of report text goes in via textContent.
import type { Report } from '../src/core/report';
import { distanceBucket } from '../src/protocol';
import type { ReportView, ViewBlock, ViewFile, ViewGroup } from './reportView';
import { countBadge, link } from './ui/components';

export interface RenderCallbacks {
  readonly reveal: (path: string, line: number) => void;
  readonly openUrl: (url: string) => void;
  readonly toggleGroup: (model: string, open: boolean) => void;
}

/** Lines rendered per file before a "show all" button, so a huge report keeps the panel responsive. */
const LINES_PER_FILE = 2000;

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

export function renderHeader(container: HTMLElement, report: Report | undefined, view: ReportView | undefined, callbacks: RenderCallbacks): void {
  container.replaceChildren();
  if (!report || !view) return;
  const source = element('div', 'source');
  source.id = 'source';
  const change = report.source?.change;
  if (change) source.append(labelled('Change', urlLink(`${change.number}${change.patchset ? `,${change.patchset}` : ''}`, change.url, callbacks)));
  if (report.source?.job) source.append(labelled('Job', element('span', 'job', report.source.job)));
  const target = report.source?.target;
  if (target) source.append(labelled('Target', target.url ? urlLink(target.label, target.url, callbacks) : element('span', '', target.label)));
  const baselines = report.source?.baselines ?? [];
  if (baselines.length > 0) {
    const list = element('span', 'baselines');
    list.id = 'baselines';
    baselines.forEach((baseline, index) => {
      if (index > 0) list.append(document.createTextNode(', '));
      list.append(baseline.url ? urlLink(baseline.label, baseline.url, callbacks) : element('span', '', baseline.label));
    });
    source.append(labelled(baselines.length === 1 ? 'Baseline' : 'Baselines', list));
  } else if (report.models.length > 0) {
    const files = report.models.flatMap((model) => model.baselineFiles.map((file) => file.path));
    source.append(labelled('Baseline files', element('span', 'baselines', files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : ''))));
  }
  container.append(source);

  const totals = element('div', 'totals');
  totals.id = 'totals';
  totals.textContent = `${view.shownLines} of ${view.targetLines} lines`;
  totals.title = `${view.shownAnomalies} of ${view.totalAnomalies} distinct anomalies shown (threshold and search applied)`;
  container.append(totals);

  if (report.skipped.length > 0) {
    const skipped = element('details', 'skipped');
    skipped.id = 'skipped';
    skipped.append(element('summary', '', `${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} skipped`));
    const list = element('ul');
    for (const file of report.skipped) {
      const item = element('li', 'skipped-file');
      item.dataset['path'] = file.path;
      item.append(element('span', 'skipped-path', `${file.side}: ${file.path}`), element('span', 'skipped-reason', ` (${file.reason}${file.detail ? `: ${file.detail}` : ''})`));
      list.append(item);
    }
    skipped.append(list);
    container.append(skipped);
  }
}

export function renderGroups(container: HTMLElement, view: ReportView | undefined, collapsed: ReadonlySet<string>, callbacks: RenderCallbacks): void {
  container.replaceChildren();
  if (!view) {
    container.append(element('p', 'empty', 'No report yet. Run "Log Triage: Analyze Gerrit Change…", "Analyze Zuul Build…" or "Analyze Current File Against Baseline…".'));
    return;
  }
  if (view.groups.length === 0) {
    container.append(element('p', 'empty', view.totalAnomalies === 0 ? 'No anomalies: every target line is close to a baseline line.' : 'No anomaly matches the threshold and search.'));
    return;
  }
  for (const group of view.groups) container.append(renderGroup(group, !collapsed.has(group.model), callbacks));
}

function renderGroup(group: ViewGroup, open: boolean, callbacks: RenderCallbacks): HTMLElement {
  const details = element('details', 'group');
  details.dataset['model'] = group.model;
  details.open = open;
  const summary = element('summary', 'group-title');
  summary.append(element('span', 'group-name', group.model), countBadge(group.anomalies), element('span', 'group-files', `${group.files.length} file${group.files.length === 1 ? '' : 's'}`));
  details.append(summary);
  details.addEventListener('toggle', () => callbacks.toggleGroup(group.model, details.open));
  for (const file of group.files) details.append(renderFile(file, callbacks));
  return details;
}

function renderFile(file: ViewFile, callbacks: RenderCallbacks): HTMLElement {
  const section = element('section', 'file');
  section.dataset['path'] = file.path;
  const title = element('div', 'file-title');
  title.append(
    link(file.path, () => callbacks.reveal(file.path, file.firstLine), 'file-link'),
    countBadge(file.anomalies),
    element('span', 'file-lines', `${file.file.lines} lines`),
  );
  section.append(title);
  const body = element('div', 'blocks');
  section.append(body);
  appendBlocks(body, file, file.blocks, LINES_PER_FILE, callbacks);
  return section;
}

function appendBlocks(body: HTMLElement, file: ViewFile, blocks: readonly ViewBlock[], budget: number, callbacks: RenderCallbacks): void {
  let used = 0;
  let index = 0;
  for (; index < blocks.length; index++) {
    const block = blocks[index];
    if (!block) continue;
    if (used > 0 && used + block.lines.length > budget) break;
    body.append(renderBlock(file.path, block, callbacks));
    used += block.lines.length;
  }
  const rest = blocks.slice(index);
  if (rest.length > 0) {
    const more = element('button', 'show-more', `Show ${rest.length} more block${rest.length === 1 ? '' : 's'}`);
    more.addEventListener('click', () => {
      const first = body.children.length - 1;
      more.remove();
      appendBlocks(body, file, rest, Number.POSITIVE_INFINITY, callbacks);
      // The button had the focus: hand it to the first anomaly shown, not back to the page.
      body.children[first]?.querySelector<HTMLElement>('.anomaly')?.focus();
    });
    body.append(more);
  }
}

function renderBlock(path: string, block: ViewBlock, callbacks: RenderCallbacks): HTMLElement {
  const container = element('div', 'block');
  for (const line of block.lines) {
    const row = element('div', line.anomaly ? `line anomaly bucket-${distanceBucket(line.anomaly.distance).toLowerCase()}` : 'line context');
    row.dataset['path'] = path;
    row.dataset['line'] = String(line.number);
    if (line.anomaly) {
      row.dataset['distance'] = line.anomaly.distance.toFixed(3);
      // CSSOM custom property (allowed under the CSP, unlike a style attribute): shading follows the distance.
      row.style.setProperty('--distance', line.anomaly.distance.toFixed(3));
      row.title = `Distance ${line.anomaly.distance.toFixed(2)}${line.anomaly.nearest !== undefined ? `\nNearest baseline line: ${line.anomaly.nearest}` : ''}`;
      // Reachable and usable from the keyboard, and read out with what the colours and the tooltip show.
      row.tabIndex = 0;
      row.setAttribute('role', 'button');
      row.setAttribute('aria-label', `Line ${line.number}, distance ${line.anomaly.distance.toFixed(2)} (${distanceBucket(line.anomaly.distance).toLowerCase()}): ${line.text.slice(0, 200)}`);
      row.addEventListener('keydown', (event) => onRowKey(event, row, () => callbacks.reveal(path, line.number)));
    }
    row.append(element('span', 'line-number', String(line.number)), element('code', 'line-text', line.text));
    row.addEventListener('click', () => callbacks.reveal(path, line.number));
    container.append(row);
  }
  return container;
}

/** Enter or Space reveals the line; the arrow keys move to the previous or next anomaly of the panel. */
function onRowKey(event: KeyboardEvent, row: HTMLElement, reveal: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    reveal();
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  event.preventDefault();
  const rows = [...document.querySelectorAll<HTMLElement>('.anomaly[tabindex]')];
  const next = rows[rows.indexOf(row) + (event.key === 'ArrowDown' ? 1 : -1)];
  next?.focus();
}

function labelled(label: string, value: HTMLElement): HTMLElement {
  const row = element('div', 'source-row');
  row.append(element('span', 'source-label', `${label}: `), value);
  return row;
}

function urlLink(text: string, url: string, callbacks: RenderCallbacks): HTMLElement {
  const anchor = link(text, () => callbacks.openUrl(url), 'url-link');
  anchor.title = url;
  return anchor;
}
