// The anomaly panel's page (dist/webview.js) in Chromium on its own, fed big reports that a test in code-server
// could not afford to produce: what it renders, what it defers, and how a line selected in the editor is reached.
// The page gets a stand-in for the webview API that records what the panel posts; everything else is the real
// bundle in a real browser. Usage: node panelPage.mjs <root>. Prints `panel: N passed, N failed` last.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './workbench.mjs';

const root = process.argv[2] ?? process.cwd();
const bundle = readFileSync(join(root, 'dist/webview.js'), 'utf8');
const results = [];
const log = (...parts) => console.log('[panel]', ...parts);

/** A report of `files` files (in `models` models) with `perFile` anomalies each, every one in a 5-line block. */
function bigReport(files, perFile, models = 40) {
  const reports = [];
  for (let f = 0; f < files; f += 1) {
    const anomalies = [];
    const blocks = [];
    for (let a = 0; a < perFile; a += 1) {
      const line = 10 + a * 10;
      const text = `2024-05-01 12:00:00 ERROR step ${a} of file ${f} failed <b>badly</b>`;
      anomalies.push({ line, distance: 0.2 + (a % 80) / 100, text, repeats: [] });
      blocks.push({ start: line - 3, lines: [`context ${a}.1`, `context ${a}.2`, `context ${a}.3`, text, `context ${a}.4`] });
    }
    reports.push({ path: `logs/part${f % models}/file-${f}.log`, model: `part${f % models}/file.log`, lines: perFile * 10 + 20, anomalies, blocks, meanDistance: 0.4 });
  }
  const lines = files * (perFile * 10 + 20);
  return {
    version: 1, modelVersion: 1, createdAt: '2026-12-01T00:00:00.000Z', threshold: 0.2, context: { before: 3, after: 1 },
    files: reports, models: [], skipped: [],
    totals: { baselineLines: lines, targetLines: lines, anomalyLines: files * perFile, anomalies: files * perFile },
    timings: { readMs: 0, trainMs: 0, testMs: 0, totalMs: 0 },
  };
}

const { page, close } = await launchBrowser();

/**
 * Loads the panel page; the reports are handed over once each, as JSON text (the quickest way in). `savedState` is
 * what the webview API hands the page as its state (as after its tab was hidden); the page's saves land in
 * `window.savedState`.
 */
async function loadPage(reports, savedState) {
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.evaluate((savedState) => {
    window.posted = [];
    window.savedState = savedState;
    window.acquireVsCodeApi = () => ({ postMessage: (message) => window.posted.push(message), getState: () => window.savedState, setState: (state) => { window.savedState = state; } });
    window.reports = {};
  }, savedState);
  for (const [name, report] of Object.entries(reports)) await page.evaluate(({ name, json }) => { window.reports[name] = JSON.parse(json); }, { name, json: JSON.stringify(report) });
  await page.addScriptTag({ content: bundle });
}

/** Shows a report loaded by `loadPage`, with `collapsed` models closed; returns the milliseconds the render took. */
async function showReport(name, collapsed = []) {
  return page.evaluate(({ name, collapsed }) => {
    window.posted = [];
    const start = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'init', state: { threshold: 0.2, search: '', collapsed }, report: window.reports[name], hostKeepsReport: true } }));
    void document.body.offsetHeight;
    return performance.now() - start;
  }, { name, collapsed });
}

const rowCount = () => page.locator('.line').count();

async function check(name, body) {
  try {
    await body();
    results.push(true);
    log(`PASS ${name}`);
  } catch (error) {
    results.push(false);
    log(`FAIL ${name} - ${String(error?.message ?? error).split('\n')[0]}`);
  }
}

const wide = bigReport(300, 500);
const deep = bigReport(1, 100_000, 1);
const small = bigReport(2, 3, 2);
try {
  await loadPage({ wide, deep, small });
  await check('a report of 150k anomalies in 300 files renders a bounded first page, the rest behind "Show more"', async () => {
    const ms = await showReport('wide');
    const rows = await rowCount();
    const groups = await page.locator('details.group').count();
    log(`first render: ${rows} rows, ${groups} groups in ${ms.toFixed(0)} ms`);
    if (groups !== 40) throw new Error(`expected 40 groups, got ${groups}`);
    if (rows === 0 || rows > 5005) throw new Error(`expected at most about 5,000 rows at first, got ${rows}`);
    // The first file shows its first anomaly, and a file past the first page offers its blocks behind a button.
    const firstText = await page.locator('.anomaly .line-text').first().textContent();
    if (firstText !== wide.files[0].anomalies[0].text) throw new Error(`first anomaly row reads ${firstText}`);
    // A group past the first page waits closed (not saved as closed); opened, its files share one step of rows.
    const lastGroup = page.locator(`details.group[data-model="${wide.files[299].model}"]`);
    if (await lastGroup.evaluate((group) => group.open)) throw new Error('a group past the first page was opened');
    await lastGroup.locator('summary').click();
    await page.waitForFunction((model) => (document.querySelector(`details.group[data-model="${model}"]`)?.querySelectorAll('.line').length ?? 0) > 0, wide.files[299].model, { timeout: 5000 }).catch(() => {});
    const groupRows = await lastGroup.locator('.line').count();
    if (groupRows === 0 || groupRows > 2005) throw new Error(`opening a group past the first page rendered ${groupRows} rows`);
    const lastFile = page.locator(`section.file[data-path="${wide.files[299].path}"]`);
    const before = await lastFile.locator('.line').count();
    const more = lastFile.locator('button.show-more:not(.show-earlier)');
    if (!(await more.isVisible())) throw new Error('the last file has no visible "Show more" button');
    await more.click();
    const shown = (await lastFile.locator('.line').count()) - before;
    if (shown < 1000 || shown > 2005) throw new Error(`"Show more" rendered ${shown} rows, expected one step of about 2,000`);
    const focused = await page.evaluate(() => document.activeElement?.closest('section.file')?.getAttribute('data-path'));
    if (focused !== wide.files[299].path) throw new Error(`after "Show more" the focus is in ${focused}`);
    const saved = await page.evaluate(() => window.posted.filter((message) => message.type === 'state').at(-1)?.state.collapsed ?? []);
    if (saved.length !== 0) throw new Error(`groups saved as closed: ${saved.join(', ')}`);
    // Rendered again by a threshold step, the group the user opened stays open (and no group it did not open does).
    await page.fill('#threshold', '0.21');
    await page.waitForTimeout(400);
    const reopened = page.locator(`details.group[data-model="${wide.files[299].model}"]`);
    if (!(await reopened.evaluate((group) => group.open))) throw new Error('the group opened past the first page closed again on a new render');
    if ((await reopened.locator('.line').count()) === 0) throw new Error('the group opened past the first page shows no rows after a new render');
    const rowsNow = await rowCount();
    if (rowsNow > 5005 + 2005) throw new Error(`the re-render drew ${rowsNow} rows`);
    // A new report starts over: the group opened for the old one waits closed again.
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'report', report: window.reports.wide } })));
    await page.waitForTimeout(100);
    if (await reopened.evaluate((group) => group.open)) throw new Error('a group opened for the previous report opened again for a new one');
  });

  await check('collapsed groups render no rows until opened', async () => {
    const models = [...new Set(wide.files.map((file) => file.model))];
    await showReport('wide', models);
    if ((await rowCount()) !== 0) throw new Error(`${await rowCount()} rows rendered with every group closed`);
    await page.locator('details.group summary').first().click();
    // The group renders its files when it reports being opened (the toggle event comes after the click).
    await page.waitForFunction(() => document.querySelectorAll('.line').length > 0, undefined, { timeout: 5000 }).catch(() => {});
    const rows = await rowCount();
    if (rows === 0 || rows > 2005) throw new Error(`opening a group rendered ${rows} rows`);
    const saved = await page.evaluate(() => window.posted.filter((message) => message.type === 'state').at(-1)?.state.collapsed.length);
    if (saved !== models.length - 1) throw new Error(`the opened group is not saved as open (${saved} closed)`);
  });

  await check('a line selected in the editor in a closed group is rendered, opened and marked', async () => {
    const models = [...new Set(wide.files.map((file) => file.model))];
    await showReport('wide', models);
    const file = wide.files[123];
    const line = file.anomalies[250].line;
    await page.evaluate(({ path, line }) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', path, line } })), { path: file.path, line });
    const selected = page.locator('.line.selected');
    if ((await selected.count()) !== 1) throw new Error(`${await selected.count()} selected rows`);
    if ((await selected.getAttribute('data-path')) !== file.path || Number(await selected.getAttribute('data-line')) !== line) throw new Error('the wrong row is selected');
    if (!(await selected.isVisible())) throw new Error('the selected row is not visible (its group stayed closed?)');
  });

  await check('a selected line the panel hides leaves its closed group closed; a group opened by a selection fills up when reopened', async () => {
    const models = [...new Set(wide.files.map((file) => file.model))];
    // At a display threshold of 0.5 the anomalies under it are hidden: a selection of one of them changes nothing.
    await page.evaluate(({ models }) => {
      window.posted = [];
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'init', state: { threshold: 0.5, search: '', collapsed: models }, report: window.reports.wide, hostKeepsReport: true } }));
    }, { models });
    const file = wide.files[5];
    const hidden = file.anomalies.find((anomaly) => anomaly.distance < 0.5);
    const shown = file.anomalies.find((anomaly) => anomaly.distance >= 0.5);
    const select = (line) => page.evaluate(({ path, line }) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', path, line } })), { path: file.path, line });
    const group = page.locator(`details.group[data-model="${file.model}"]`);
    await select(hidden.line);
    await page.waitForTimeout(100);
    if (await group.evaluate((details) => details.open)) throw new Error('a hidden line opened its group');
    if (await page.evaluate(() => window.posted.some((message) => message.type === 'state'))) throw new Error('a hidden line changed the saved view');
    await select(shown.line);
    if (!(await group.evaluate((details) => details.open))) throw new Error('a shown line did not open its group');
    const sibling = group.locator(`section.file[data-path="${wide.files[45].path}"]`);
    if ((await sibling.locator('.line').count()) !== 0) throw new Error('the selection rendered the other files of the group too');
    await group.locator('summary').click();
    await group.locator('summary').click();
    await page.waitForFunction((path) => (document.querySelector(`section.file[data-path="${path}"]`)?.querySelectorAll('.line').length ?? 0) > 0, wide.files[45].path, { timeout: 5000 }).catch(() => {});
    if ((await sibling.locator('.line').count()) === 0) throw new Error('reopening the group left its other files empty');
  });

  await check('the last of 100k anomalies in one file is reached without rendering the ones before it', async () => {
    await showReport('deep');
    const last = deep.files[0].anomalies.at(-1).line;
    const ms = await page.evaluate(({ path, line }) => {
      const start = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', path, line } }));
      return performance.now() - start;
    }, { path: deep.files[0].path, line: last });
    const rows = await rowCount();
    log(`select of line ${last}: ${ms.toFixed(0)} ms, ${rows} rows rendered`);
    if (Number(await page.locator('.line.selected').getAttribute('data-line')) !== last) throw new Error('the last anomaly is not selected');
    if (rows > 5005) throw new Error(`${rows} rows rendered to reach the last anomaly`);
    const earlier = page.locator('button.show-earlier');
    if (!(await earlier.isVisible())) throw new Error('no "Show earlier" button above the jumped-to blocks');
    const before = rows;
    await earlier.click();
    const after = await rowCount();
    if (after <= before) throw new Error('"Show earlier" rendered nothing');
    const firstLine = Number(await page.locator('.line').first().getAttribute('data-line'));
    if (firstLine >= last) throw new Error(`"Show earlier" did not add lines before ${last} (first row ${firstLine})`);
  });

  await check('analysis progress is announced as a status, an error as an alert, and an empty status clears the line', async () => {
    await showReport('small');
    const post = (message) => page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);
    await post({ type: 'status', message: 'Downloading 3 of 7 files', level: 'info' });
    const status = page.locator('#status');
    if ((await status.getAttribute('role')) !== 'status') throw new Error('the status line is not a live region');
    if (!(await status.textContent())?.includes('Downloading 3 of 7 files')) throw new Error(`status reads ${await status.textContent()}`);
    await post({ type: 'status', message: 'Gerrit answered 403 <b>Forbidden</b>', level: 'error' });
    const alert = status.locator('[role="alert"]');
    if ((await alert.textContent()) !== 'Gerrit answered 403 <b>Forbidden</b>') throw new Error(`alert reads ${await alert.textContent()}`);
    if ((await status.locator('b').count()) !== 0) throw new Error('markup in a status message was interpreted');
    await post({ type: 'status', message: '', level: 'info' });
    if (((await status.textContent()) ?? '').trim() !== '') throw new Error(`an empty status left ${await status.textContent()}`);
  });

  await check('a page torn down (its tab hidden) comes back with the groups the user opened, scrolled where it was', async () => {
    await showReport('wide');
    const model = wide.files[299].model;
    const group = () => page.locator(`details.group[data-model="${model}"]`);
    await group().locator('summary').click();
    await page.waitForFunction((model) => (document.querySelector(`details.group[data-model="${model}"]`)?.querySelectorAll('.line').length ?? 0) > 0, model, { timeout: 5000 }).catch(() => {});
    await group().evaluate((details) => details.scrollIntoView({ block: 'start' }));
    const scrolled = await page.evaluate(() => window.scrollY);
    if (scrolled < 1000) throw new Error(`the page scrolled only to ${scrolled}`);
    // The save waits for the scrolling to pause.
    await page.waitForFunction((y) => Math.abs((window.savedState?.scrollY ?? -1) - y) <= 1, scrolled, { timeout: 5000 }).catch(() => {});
    const state = await page.evaluate(() => window.savedState);
    if (!state?.openedGroups?.includes(model)) throw new Error(`saved state: ${JSON.stringify({ ...state, report: undefined })}`);
    await loadPage({ wide }, state);
    // Before the host's first word the page saves its state too: what it was left in must survive that save.
    await page.waitForTimeout(700);
    const early = await page.evaluate(() => window.savedState);
    if (!early?.openedGroups?.includes(model) || early.scrollY !== state.scrollY) throw new Error(`the state saved before init lost the page: ${JSON.stringify({ ...early, report: undefined })}`);
    await showReport('wide');
    if (!(await group().evaluate((details) => details.open)) || (await group().locator('.line').count()) === 0) throw new Error('the opened group came back closed or empty');
    const now = await page.evaluate(() => window.scrollY);
    if (Math.abs(now - scrolled) > 2) throw new Error(`the page came back at ${now}, left at ${scrolled}`);
    // Another report shown in the new page does not inherit any of it.
    await loadPage({ wide, small }, state);
    await showReport('small');
    if ((await page.evaluate(() => window.scrollY)) !== 0) throw new Error('another report came back scrolled');
    await loadPage({ wide, deep, small });
  });

  await check('the header says how many lines were too long to score whole, as text', async () => {
    await showReport('small');
    if ((await page.locator('#truncated-note').count()) !== 0) throw new Error('a note for a report without long lines');
    await page.evaluate(() => {
      const report = { ...window.reports.small, totals: { ...window.reports.small.totals, truncatedLines: 3 } };
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'report', report } }));
    });
    const note = await page.locator('#truncated-note').textContent();
    if (note !== '3 lines too long to score whole, compared by their start') throw new Error(`note reads ${note}`);
  });

  await check('a new report starts without the search typed for the one before, which would hide its anomalies', async () => {
    await showReport('small');
    const all = await rowCount();
    // The toolkit's text field, typed into as a user would.
    await page.locator('#search').click();
    await page.keyboard.type('step 1 of file 0');
    await page.waitForTimeout(300);
    const filtered = await rowCount();
    if (filtered >= all) throw new Error(`the search hid nothing (${filtered} of ${all} rows)`);
    // The view it tells the host is tagged with its report, so a late one cannot land on a newer report.
    const told = await page.evaluate(() => window.posted.filter((message) => message.type === 'state').at(-1));
    const { createdAt, totals } = small;
    if (told?.reportId !== `${createdAt}|${totals.baselineLines}|${totals.targetLines}|${totals.anomalyLines}`) throw new Error(`state told for ${told?.reportId}`);
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'report', report: window.reports.small } })));
    await page.waitForTimeout(100);
    if ((await rowCount()) !== all) throw new Error(`the new report shows ${await rowCount()} of ${all} rows`);
    const value = await page.evaluate(() => document.querySelector('#search')?.value);
    if (value) throw new Error(`the search box still reads ${value}`);
  });

  await check('each baseline is one item with its comma (media/panel.css keeps an item on one line)', async () => {
    const baselines = [1, 2, 3].map((n) => ({ label: `devstack-tempest-sample SUCCESS 647525${n}`, url: `https://zuul.example.org/build/${n}` }));
    await page.evaluate((baselines) => {
      const report = { ...window.reports.small, source: { job: 'devstack-tempest-sample', baselines } };
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'report', report } }));
    }, baselines);
    const items = await page.locator('#baselines .baseline').allTextContents();
    if (JSON.stringify(items.map((text) => text.trim())) !== JSON.stringify(baselines.map((b, i) => `${b.label}${i < 2 ? ',' : ''}`))) throw new Error(`baselines read ${JSON.stringify(items)}`);
  });

  await check('clicking a row asks the host to reveal exactly that line', async () => {
    await showReport('small');
    const row = page.locator('.anomaly').nth(4);
    const path = await row.getAttribute('data-path');
    const line = Number(await row.getAttribute('data-line'));
    await row.click();
    const reveal = await page.evaluate(() => window.posted.filter((message) => message.type === 'reveal').at(-1));
    if (reveal?.path !== path || reveal?.line !== line) throw new Error(`posted ${JSON.stringify(reveal)}, expected ${path}:${line}`);
  });

  await check('an emptied threshold box changes nothing; a selection survives a threshold step and a hidden tab', async () => {
    await showReport('wide');
    const rowsBefore = await rowCount();
    await page.fill('#threshold', '');
    await page.waitForTimeout(300);
    const told = await page.evaluate(() => window.posted.filter((message) => message.type === 'state').map((message) => message.state.threshold));
    if (told.length !== 0) throw new Error(`an empty box told the host thresholds ${told.join(', ')}`);
    if ((await rowCount()) !== rowsBefore) throw new Error('an empty box changed the rows');
    // A line past the first page, selected in the editor: it stays selected through a re-render.
    const file = wide.files[250];
    const line = file.anomalies.find((anomaly) => anomaly.distance >= 0.5).line;
    await page.evaluate(({ path, line }) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', path, line } })), { path: file.path, line });
    await page.fill('#threshold', '0.21');
    await page.waitForTimeout(400);
    const selectedAfter = page.locator('.line.selected');
    if ((await selectedAfter.count()) !== 1 || Number(await selectedAfter.getAttribute('data-line')) !== line) throw new Error('the selection was lost by a threshold step');
    // The tab hidden and shown: the page comes back at the row it showed at the top, past the first page.
    await selectedAfter.evaluate((row) => row.scrollIntoView({ block: 'start' }));
    const topLine = await page.evaluate(() => {
      const below = Math.max(0, document.querySelector('#toolbar').getBoundingClientRect().bottom) + 2;
      return Number(document.elementFromPoint(window.innerWidth / 2, below)?.closest('.line')?.getAttribute('data-line'));
    });
    await page.waitForFunction(() => window.savedState?.topRow !== undefined, undefined, { timeout: 5000 }).catch(() => {});
    const state = await page.evaluate(() => window.savedState);
    await loadPage({ wide }, state);
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'init', state: { threshold: 0.21, search: '', collapsed: [] }, report: window.reports.wide, hostKeepsReport: true } })));
    const back = await page.evaluate(() => {
      const below = Math.max(0, document.querySelector('#toolbar').getBoundingClientRect().bottom) + 2;
      return Number(document.elementFromPoint(window.innerWidth / 2, below)?.closest('.line')?.getAttribute('data-line'));
    });
    if (back !== topLine) throw new Error(`the page came back at line ${back}, left at line ${topLine}`);
    if (Number(await page.locator('.line.selected').getAttribute('data-line')) !== line) throw new Error('the selection did not come back');
    await loadPage({ wide, deep, small });
  });

  await check('a click selects its row without scrolling it away, and a log without baseline is said to be not compared', async () => {
    await showReport('wide');
    // The lowest anomaly row wholly in view: centring it (as a move from the editor far away would) moves it.
    const index = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.anomaly')];
      let lowest = -1;
      rows.forEach((row, at) => {
        const box = row.getBoundingClientRect();
        if (box.bottom <= window.innerHeight - 4 && box.top > window.innerHeight / 2) lowest = at;
      });
      return lowest;
    });
    if (index < 0) throw new Error('no anomaly row in the lower half of the page');
    const row = page.locator('.anomaly').nth(index);
    const path = await row.getAttribute('data-path');
    const line = Number(await row.getAttribute('data-line'));
    const y = await row.evaluate((element) => element.getBoundingClientRect().top);
    await row.click();
    // The host answers a reveal by selecting the line the editor moved to.
    await page.evaluate(({ path, line }) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', path, line } })), { path, line });
    const after = await page.locator('.line.selected').evaluate((element) => element.getBoundingClientRect().top);
    if (Math.abs(after - y) > 1) throw new Error(`the clicked row moved from ${y} to ${after}`);
    await page.evaluate(() => {
      const report = { ...window.reports.small, files: [], skipped: [{ path: 'job.log', side: 'target', reason: 'noBaseline', detail: 'no baseline file for model job.log' }], totals: { ...window.reports.small.totals, anomalies: 0, anomalyLines: 0, unscoredLines: window.reports.small.totals.targetLines } };
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'report', report } }));
    });
    const note = await page.locator('#unscored-note').textContent();
    if (!note?.startsWith('1 target file not compared')) throw new Error(`note reads ${note}`);
    const empty = await page.locator('#groups .empty').textContent();
    if (!empty?.startsWith('Nothing was compared')) throw new Error(`the empty panel says ${empty}`);
  });

  await check('one anomaly row is a Tab stop; the arrow keys pass over the rows of a closed group', async () => {
    await showReport('small');
    const stops = await page.evaluate(() => document.querySelectorAll('.anomaly[tabindex="0"]').length);
    if (stops !== 1) throw new Error(`${stops} anomaly rows are Tab stops`);
    // The second group closed by the user: its rows stay rendered, hidden.
    const models = [...new Set(small.files.map((file) => file.model))];
    await page.evaluate(({ models }) => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'init', state: { threshold: 0.2, search: '', collapsed: [] }, report: window.reports.small, hostKeepsReport: true } }));
      const second = document.querySelector(`details.group[data-model="${models[1]}"]`);
      second.open = false;
    }, { models });
    await page.waitForTimeout(100);
    const firstGroupRows = page.locator(`details.group[data-model="${models[0]}"] .anomaly`);
    const lines = await firstGroupRows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
    await firstGroupRows.last().focus();
    // Below the last shown row there is only the closed group: the focus stays where it is, and can go back up.
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => [document.activeElement?.getAttribute('data-path'), Number(document.activeElement?.getAttribute('data-line'))]);
    if (focused[0] !== small.files[0].path || focused[1] !== lines.at(-1)) throw new Error(`ArrowDown went to ${focused.join(':')}`);
    await page.keyboard.press('ArrowUp');
    const up = await page.evaluate(() => Number(document.activeElement?.getAttribute('data-line')));
    if (up !== lines.at(-2)) throw new Error(`ArrowUp from the last row reached line ${up}, expected ${lines.at(-2)}`);
    const stopsNow = await page.evaluate(() => [...document.querySelectorAll('.anomaly[tabindex="0"]')].map((row) => row.getAttribute('data-line')));
    if (stopsNow.length !== 1 || Number(stopsNow[0]) !== up) throw new Error(`Tab stops after moving: ${stopsNow.join(', ')}`);
  });
} finally {
  await close();
}
const passed = results.filter(Boolean).length;
console.log(`panel: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
