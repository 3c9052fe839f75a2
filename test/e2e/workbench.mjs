// Playwright helpers for driving the code-server workbench, shared by the UI tests (ui.mjs) and the demo
// (demoEditor.mjs). Selectors were checked on code-server 4.139.1 (see ../shared/vscode-e2e/README.md).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's chromium with a throwaway profile; close() also removes the profile. */
export async function launchBrowser({ width = 1200, height = 750 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'log-triage-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width, height },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function openWorkbench(page, baseUrl, folder) {
  await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view, .part.sidebar').first().waitFor({ timeout: 60000 });
}

/**
 * Types into the quick-open box and clicks the row that contains `rowText` (a string, or strings that must all appear). Retried, because right after the
 * workbench appears the remote extension host may not have registered the extension's contributions yet, and an open
 * palette does not refresh its list.
 */
export async function quickOpen(page, text, rowText, { attempts = 6 } = {}) {
  const box = page.locator('.quick-input-widget input');
  let rows = page.locator('.quick-input-list .monaco-list-row');
  for (const part of Array.isArray(rowText) ? rowText : [rowText]) rows = rows.filter({ hasText: part });
  const row = rows.first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    // Focus inside a webview (the panel) would take F1 but close the palette again at once: give focus back to the
    // workbench document first.
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    await page.keyboard.press('F1');
    try {
      // The palette can still close at once (focus going back into a webview): then it is opened again.
      await box.waitFor({ state: 'visible', timeout: 5000 });
      await box.fill(text, { timeout: 5000 });
      await row.waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
  await row.click();
}

/** Runs a command by its palette title; when `input` is given, types it into the input box the command opens. */
export async function runCommand(page, title, input) {
  await quickOpen(page, '>' + title, title);
  if (input !== undefined) await answerQuickInput(page, input);
}

/** Answers the quick input a command opened: types `text`, then presses Enter, or clicks the row containing `row`. */
export async function answerQuickInput(page, text, row) {
  const box = page.locator('.quick-input-widget input');
  // The palette closes and the command's own input opens in the same widget: wait until the '>' prefix is gone.
  await page.waitForFunction(() => {
    const input = document.querySelector('.quick-input-widget input');
    return input && input.offsetParent !== null && !input.value.startsWith('>');
  }, undefined, { timeout: 20000 });
  await box.fill(text);
  if (row === undefined) {
    await page.keyboard.press('Enter');
    return;
  }
  const target = page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first();
  await target.waitFor({ timeout: 20000 });
  await target.click();
}

/** Opens a workspace file through quick open (Ctrl+P behaviour: no '>' prefix) and waits for its tab. */
export async function openFile(page, relativePath) {
  const parts = relativePath.split('/');
  const name = parts.pop();
  await quickOpen(page, relativePath, parts.length ? [name, parts.join('/')] : name);
  await page.waitForFunction((wanted) => {
    const tab = document.querySelector('.editor-group-container.active .tabs-container .tab.active');
    return (tab?.getAttribute('aria-label') ?? '').split(',')[0].trim() === wanted;
  }, name, { timeout: 20000 });
}

/** File name shown by the text editor the helpers below read (the tab's aria-label starts with the name). */
export async function activeTabName(page) {
  return page.evaluate(() => {
    const groups = [document.querySelector('.editor-group-container.active'), ...document.querySelectorAll('.editor-group-container')];
    const group = groups.find((candidate) => candidate?.querySelector('.monaco-editor'));
    return (group?.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? '').split(',')[0].trim();
  });
}

/** Cursor line of the active editor, read from the status bar (`Ln 12, Col 1`). */
export async function statusBarLine(page) {
  const text = await page.locator('[id="status.editor.selection"]').first().textContent({ timeout: 10000 });
  const match = /Ln (\d+)/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Line numbers (1-based) carrying an extension decoration in the visible part of the active editor: a decoration's
 * style.top (gutter icon) or its line div's style.top (background) matches the margin div holding that line's number.
 */
export async function decoratedEditorLines(page) {
  return page.evaluate(() => {
    // The text editor of the active group, else of the first group that has one (the panel's group has none).
    const groups = [document.querySelector('.editor-group-container.active'), ...document.querySelectorAll('.editor-group-container')];
    const editor = groups.find((group) => group?.querySelector('.monaco-editor'))?.querySelector('.monaco-editor');
    if (!editor) return [];
    const lineAtTop = new Map();
    for (const number of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const div = number.parentElement;
      const value = Number((number.textContent ?? '').trim());
      if (div && Number.isFinite(value) && value > 0) lineAtTop.set(parseFloat(div.style.top), value);
    }
    const lines = new Set();
    for (const decoration of editor.querySelectorAll('[class*="TextEditorDecorationType"]')) {
      // Whole-line backgrounds sit in a per-line div; gutter icons are glyph-margin widgets positioned themselves.
      const top = decoration.style.top || decoration.parentElement?.style.top || 'NaN';
      const line = lineAtTop.get(parseFloat(top));
      if (line !== undefined) lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

/** Text of the given lines as the active editor renders them (non-breaking spaces back to spaces). */
export async function editorLineTexts(page) {
  return page.evaluate(() => {
    // The text editor of the active group, else of the first group that has one (the panel's group has none).
    const groups = [document.querySelector('.editor-group-container.active'), ...document.querySelectorAll('.editor-group-container')];
    const editor = groups.find((group) => group?.querySelector('.monaco-editor'))?.querySelector('.monaco-editor');
    if (!editor) return {};
    const lineAtTop = new Map();
    for (const number of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const div = number.parentElement;
      if (div) lineAtTop.set(parseFloat(div.style.top), Number((number.textContent ?? '').trim()));
    }
    const texts = {};
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      const number = lineAtTop.get(parseFloat(line.style.top));
      if (number !== undefined) texts[number] = (line.textContent ?? '').replace(/\u00a0/g, ' ');
    }
    return texts;
  });
}

/** The content frame of the most recently created webview (the anomaly panel). */
export function panelFrame(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}
