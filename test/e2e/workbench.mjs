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

/** Runs a command by its palette title; when `input` is given, types it into the input box the command opens. */
export async function runCommand(page, title, input) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ state: 'visible' });
  await box.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Enter');
  if (input !== undefined) {
    // The palette closes and the command's own input box opens in the same widget: wait for its prompt to change.
    await page.waitForFunction(() => {
      const value = document.querySelector('.quick-input-widget input')?.value ?? '';
      return !value.startsWith('>');
    }, undefined, { timeout: 20000 });
    await box.fill(input);
    await page.keyboard.press('Enter');
  }
}

/** File name of the active editor tab (the tab's aria-label starts with the name). */
export async function activeTabName(page) {
  const label = await page.locator('.editor-group-container.active .tabs-container .tab.active').first().getAttribute('aria-label');
  return (label ?? '').split(',')[0].trim();
}

/** Cursor line of the active editor, read from the status bar (`Ln 12, Col 1`). */
export async function statusBarLine(page) {
  const text = await page.locator('[id="status.editor.selection"]').first().textContent({ timeout: 10000 });
  const match = /Ln (\d+)/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Line numbers (1-based) carrying an extension decoration in the visible part of the active editor: each decoration
 * element sits in a per-line div whose style.top matches the margin div holding that line's number.
 */
export async function decoratedEditorLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
    if (!editor) return [];
    const lineAtTop = new Map();
    for (const number of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const div = number.parentElement;
      const value = Number((number.textContent ?? '').trim());
      if (div && Number.isFinite(value) && value > 0) lineAtTop.set(parseFloat(div.style.top), value);
    }
    const lines = new Set();
    for (const decoration of editor.querySelectorAll('[class*="TextEditorDecorationType"]')) {
      const line = lineAtTop.get(parseFloat(decoration.parentElement?.style.top ?? 'NaN'));
      if (line !== undefined) lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

/** Text of the given lines as the active editor renders them (non-breaking spaces back to spaces). */
export async function editorLineTexts(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
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
