// Shared by the two "analyze a link" commands: an input box prefilled from the selection or the clipboard.
import * as vscode from 'vscode';

const URL_PATTERN = /https?:\/\/[^\s'"<>]+/;

export async function askForLink(options: { readonly title: string; readonly prompt: string; readonly looksRight: (url: string) => boolean }): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const fromSelection = URL_PATTERN.exec(selected)?.[0];
  const clipboard = fromSelection ? '' : (await vscode.env.clipboard.readText()).slice(0, 4096);
  const fromClipboard = URL_PATTERN.exec(clipboard)?.[0];
  const prefill = [fromSelection, fromClipboard].find((candidate) => candidate !== undefined && options.looksRight(candidate)) ?? fromSelection ?? fromClipboard ?? '';
  const answer = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: prefill,
    ignoreFocusOut: true,
    validateInput: (value) => (/^https?:\/\/\S+$/i.test(value.trim()) ? undefined : 'Enter an http(s) URL.'),
  });
  return answer?.trim() || undefined;
}

/** Accepts a link passed by a document link, the URI handler or a test. */
export function linkArgument(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim()) ? value.trim() : undefined;
}
