// DOM for the anomaly panel. A log line is data, never markup: every piece of report text goes in via textContent.
import type { Report } from '../src/core/report';
import { distanceBucket } from '../src/protocol';
import type { ReportView, ViewBlock, ViewFile, ViewGroup } from './reportView';
import { countBadge, link } from './ui/components';

export interface RenderCallbacks {
  readonly reveal: (path: string, line: number) => void;
  readonly openUrl: (url: string) => void;
  /** `byUser`: the user opened or closed the group (not a render or a selection). */
  readonly toggleGroup: (model: string, open: boolean, byUser: boolean) => void;
}

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
      // Each baseline keeps its comma, so a narrow panel breaks the list between them, never before a comma.
      const item = element('span', 'baseline');
      item.append(baseline.url ? urlLink(baseline.label, baseline.url, callbacks) : element('span', '', baseline.label));
      if (index < baselines.length - 1) item.append(document.createTextNode(','));
      if (index > 0) list.append(document.createTextNode(' '));
      list.append(item);
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
  // Lines of files without a baseline of their kind were never compared: "0 of N" alone read as "all clear".
  let unscored = 0;
  for (const skip of report.skipped) if (skip.reason === 'noBaseline') unscored += 1;
  if (unscored > 0) {
    const note = element('div', 'note', `${unscored} target file${unscored === 1 ? '' : 's'} not compared: no baseline file of the same kind (listed under skipped)`);
    note.id = 'unscored-note';
    container.append(note);
  }
  const truncated = report.totals.truncatedLines ?? 0;
  if (truncated > 0) {
    const note = element('div', 'note', `${truncated} line${truncated === 1 ? '' : 's'} too long to score whole, compared by their start`);
    note.id = 'truncated-note';
    container.append(note);
  }

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

/**
 * Rows rendered at once: at first over the whole panel, and at each opening of a group or "Show more". A report of
 * 150k anomalies in 300 files rendered whole took about a minute to lay out; the rest waits behind closed groups and
 * "Show more" buttons, and a line the editor selects is rendered when it is asked for (see `PanelRows.rowFor`).
 */
const FIRST_LINES = 5000;
const LINES_PER_STEP = 2000;

/** The rendered panel: finds (rendering it first if need be) the row of a line. */
export interface PanelRows {
  /** The row of `line` in the file `path`, rendered (and its group opened) if it was not; undefined if not shown. */
  rowFor(path: string, line: number): HTMLElement | undefined;
}

/**
 * `opened`: groups the user opened since this report came; past the first page they open again on a re-render (a
 * search, a threshold step) with a page of their own between them.
 */
export function renderGroups(
  container: HTMLElement,
  view: ReportView | undefined,
  collapsed: ReadonlySet<string>,
  callbacks: RenderCallbacks,
  opened: ReadonlySet<string> = new Set(),
): PanelRows {
  container.replaceChildren();
  const groupOf = new Map<string, GroupSection>();
  const rows: PanelRows = { rowFor: (path, line) => groupOf.get(path)?.rowFor(path, line) };
  if (!view) {
    container.append(element('p', 'empty', 'No report yet. Run "Log Triage: Analyze Gerrit Change…", "Analyze Zuul Build…" or "Analyze Current File Against Baseline…".'));
    return rows;
  }
  if (view.groups.length === 0) {
    const nothingCompared = view.targetLines > 0 && view.unscoredLines >= view.targetLines;
    const message =
      view.totalAnomalies > 0 ? 'No anomaly matches the threshold and search.'
      : nothingCompared ? 'Nothing was compared: no target file had a baseline file of the same kind (see the skipped files above).'
      : 'No anomalies: every target line is close to a baseline line.';
    container.append(element('p', 'empty', message));
    return rows;
  }
  let budget = FIRST_LINES;
  let reopened = FIRST_LINES;
  for (const viewGroup of view.groups) {
    const group = new GroupSection(viewGroup, callbacks);
    for (const file of viewGroup.files) groupOf.set(file.path, group);
    container.append(group.element);
    if (collapsed.has(viewGroup.model)) continue;
    // Groups past the first page stay closed (without being saved as closed) until they are opened, except those
    // the user opened, which get a step each from a page of their own (then open with their files behind "Show more").
    if (budget > 0) budget = group.openWith(budget);
    else if (opened.has(viewGroup.model)) {
      const share = Math.min(LINES_PER_STEP, reopened);
      reopened -= share - group.openWith(share);
    }
  }
  return rows;
}

/** A file model's group; its files are rendered when it is first opened, not while it stays closed. */
class GroupSection {
  readonly element: HTMLDetailsElement;
  private files: FileSection[] | undefined;
  /** Set by a click on the title (Enter and Space click it too): the toggle event that follows is the user's. */
  private userToggled = false;

  constructor(
    private readonly group: ViewGroup,
    private readonly callbacks: RenderCallbacks,
  ) {
    this.element = element('details', 'group');
    this.element.dataset['model'] = group.model;
    const summary = element('summary', 'group-title');
    summary.append(element('span', 'group-name', group.model), countBadge(group.anomalies), element('span', 'group-files', `${group.files.length} file${group.files.length === 1 ? '' : 's'}`));
    this.element.append(summary);
    summary.addEventListener('click', () => {
      this.userToggled = true;
    });
    // Toggle events come later than the change, one for several changes in a row, and even for a group a new render
    // has replaced: those are ignored, and only the user's opening fills the files that show nothing yet.
    this.element.addEventListener('toggle', () => {
      if (!this.element.isConnected) return;
      const byUser = this.userToggled;
      this.userToggled = false;
      if (byUser && this.element.open) this.openWith(LINES_PER_STEP);
      this.callbacks.toggleGroup(group.model, this.element.open, byUser);
    });
  }

  /** Opens the group; its files that show no row yet share `budget` rows (in order). Returns the budget left. */
  openWith(budget: number): number {
    this.element.open = true;
    if (this.files === undefined) {
      this.files = this.group.files.map((file) => new FileSection(file, this.callbacks));
      this.element.append(...this.files.map((file) => file.element));
    }
    let left = budget;
    for (const file of this.files) {
      if (left <= 0) break;
      if (file.empty) left -= file.renderMore(left);
    }
    return left;
  }

  /** The row of a line of one of the group's files, the group opened and the row rendered; undefined if not shown. */
  rowFor(path: string, line: number): HTMLElement | undefined {
    const file = this.group.files.find((candidate) => candidate.path === path);
    // A line the panel does not show (under its threshold, filtered out) leaves the group as it is.
    if (file === undefined || blockIndexOf(file.blocks, line) < 0) return undefined;
    this.openWith(0);
    return this.files?.find((section) => section.path === path)?.rowFor(line);
  }
}

/** Index of the block holding `line` (blocks are in line order and do not overlap), or -1. */
function blockIndexOf(blocks: readonly ViewBlock[], line: number): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((blocks[middle]?.start ?? 0) <= line) low = middle + 1;
    else high = middle;
  }
  return blocks[low - 1]?.lines.some((candidate) => candidate.number === line) ? low - 1 : -1;
}

/**
 * A file's title and its blocks. The blocks rendered are one run, [from, to): "Show more" extends it at the end,
 * "Show earlier" at the start, and a line far from it (the editor moved there) starts a new run at its block, so
 * reaching the last of 100k anomalies does not render the 99,999 before it.
 */
class FileSection {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private readonly more: HTMLButtonElement;
  private from = 0;
  private to = 0;

  constructor(
    private readonly file: ViewFile,
    private readonly callbacks: RenderCallbacks,
  ) {
    this.element = element('section', 'file');
    this.element.dataset['path'] = file.path;
    const title = element('div', 'file-title');
    title.append(
      link(file.path, () => callbacks.reveal(file.path, file.firstLine), 'file-link'),
      countBadge(file.anomalies),
      element('span', 'file-lines', `${file.file.lines} lines`),
    );
    this.body = element('div', 'blocks');
    this.earlier = element('button', 'show-more show-earlier');
    this.earlier.addEventListener('click', () => {
      const before = this.body.children.length;
      this.renderEarlier(LINES_PER_STEP);
      // The button had the focus: hand it to the last anomaly of the blocks it brought in.
      const added = [...this.body.children].slice(0, this.body.children.length - before);
      const rows = added.flatMap((block) => [...block.querySelectorAll<HTMLElement>('.anomaly')]);
      rows[rows.length - 1]?.focus();
    });
    this.more = element('button', 'show-more');
    this.more.addEventListener('click', () => {
      const first = this.body.children.length;
      this.renderMore(LINES_PER_STEP);
      // The button had the focus: hand it to the first anomaly shown, not back to the page.
      this.body.children[first]?.querySelector<HTMLElement>('.anomaly')?.focus();
    });
    this.element.append(title, this.earlier, this.body, this.more);
    this.updateButtons();
  }

  get path(): string {
    return this.file.path;
  }

  /** Whether no block of the file is rendered yet. */
  get empty(): boolean {
    return this.from === this.to;
  }

  /** Renders the blocks after the run, up to `budget` rows (a block is never split); returns the rows rendered. */
  renderMore(budget: number): number {
    const blocks = this.file.blocks;
    let used = 0;
    for (; this.to < blocks.length; this.to += 1) {
      const block = blocks[this.to];
      if (!block) continue;
      // At least one block per step, however long it is, so every step shows something.
      if (used + block.lines.length > budget && (used > 0 || budget <= 0)) break;
      this.body.append(renderBlock(this.file.path, block, this.callbacks));
      used += block.lines.length;
    }
    this.updateButtons();
    return used;
  }

  /** Renders the blocks before the run, up to `budget` rows (at least one block). */
  private renderEarlier(budget: number): void {
    const blocks = this.file.blocks;
    let used = 0;
    const rendered: HTMLElement[] = [];
    for (; this.from > 0; this.from -= 1) {
      const block = blocks[this.from - 1];
      if (!block) continue;
      if (used + block.lines.length > budget && used > 0) break;
      rendered.unshift(renderBlock(this.file.path, block, this.callbacks));
      used += block.lines.length;
    }
    this.body.prepend(...rendered);
    this.updateButtons();
  }

  /** The row of `line`, rendering its block first if it is not. */
  rowFor(line: number): HTMLElement | undefined {
    const wanted = blockIndexOf(this.file.blocks, line);
    if (wanted < 0) return undefined;
    // Rows between the run and the wanted block: within a step the run grows to it, beyond it starts over there.
    const gap = wanted >= this.to ? this.linesBetween(this.to, wanted + 1) : wanted < this.from ? this.linesBetween(wanted, this.from) : 0;
    if (gap > LINES_PER_STEP) {
      this.body.replaceChildren();
      this.from = wanted;
      this.to = wanted;
      this.renderMore(LINES_PER_STEP);
    } else if (wanted >= this.to) {
      this.renderMore(gap);
    } else if (wanted < this.from) {
      this.renderEarlier(gap);
    }
    return this.body.querySelector<HTMLElement>(`.line[data-line="${line}"]`) ?? undefined;
  }

  private linesBetween(start: number, end: number): number {
    let lines = 0;
    for (let index = start; index < end; index += 1) lines += this.file.blocks[index]?.lines.length ?? 0;
    return lines;
  }

  private updateButtons(): void {
    const after = this.file.blocks.length - this.to;
    this.more.hidden = after === 0;
    this.more.textContent = `Show more (${after} block${after === 1 ? '' : 's'} left)`;
    this.earlier.hidden = this.from === 0;
    this.earlier.textContent = `Show earlier (${this.from} block${this.from === 1 ? '' : 's'} before)`;
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
      // Reachable and usable from the keyboard, and read out with what the colours and the tooltip show. One row of
      // the panel is a Tab stop (the one focused last, see rovingFocus), the arrow keys move between rows: with every
      // row a Tab stop, a thousand rows stood between the toolbar and the second group.
      row.tabIndex = -1;
      row.addEventListener('focus', () => rovingFocus(row));
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
  // Rows of a closed group are rendered but not shown: focusing one does nothing, and the keys got stuck there. The
  // nearest shown row in the key's direction is the next one.
  const rows = document.querySelectorAll<HTMLElement>('.anomaly[tabindex]');
  const step = event.key === 'ArrowDown' ? 1 : -1;
  for (let at = [...rows].indexOf(row) + step; at >= 0 && at < rows.length; at += step) {
    const next = rows[at];
    if (next && isShown(next)) {
      next.focus();
      return;
    }
  }
}

/** Whether a row is laid out: rows of a closed group are rendered but not shown. */
function isShown(row: HTMLElement): boolean {
  return row.getClientRects().length > 0;
}

/** Makes `row` the panel's one Tab stop among the anomaly rows. */
function rovingFocus(row: HTMLElement): void {
  document.querySelectorAll<HTMLElement>('.anomaly[tabindex="0"]').forEach((other) => {
    if (other !== row) other.tabIndex = -1;
  });
  row.tabIndex = 0;
}

/** After a render: the first shown anomaly row is the Tab stop, unless a row already is one. */
export function ensureTabStop(): void {
  if (document.querySelector('.anomaly[tabindex="0"]')) return;
  const first = [...document.querySelectorAll<HTMLElement>('.anomaly[tabindex]')].find(isShown);
  if (first) first.tabIndex = 0;
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
