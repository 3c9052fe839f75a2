import * as path from 'node:path';
import * as vscode from 'vscode';
import { isPathInside } from '../../sources/pathInside';
import { pathKey, uriKey } from '../reportStore';
import { activeTabUri, textTabUri } from '../tabs';
import type { CommandFactory } from './commandFactory';

/**
 * Log Triage: Analyze Current File Against Baseline… — the active log (or a file from the explorer) against baseline
 * files, a folder or another open editor. Tests call it as (targetPaths: string[], baselinePaths: string[]).
 */
export const analyzeFile: CommandFactory = (services) => async (first?: unknown, second?: unknown) => {
  if (isStringList(first) && isStringList(second)) {
    if (first.length === 0 || second.length === 0) throw new Error('analyzeFile needs at least one target and one baseline path.');
    if (!(await saveEditedLogs([...first, ...second]))) return undefined;
    return services.runner.analyzePaths(first, second);
  }
  // A log over 50 MB has a tab but no text editor extensions can see: its tab names it.
  const target = first instanceof vscode.Uri ? first : (vscode.window.activeTextEditor?.document.uri ?? activeTabUri());
  const targetPath = target ? uriKey(target) : undefined;
  if (!target || targetPath === undefined) {
    void vscode.window.showInformationMessage('Log Triage: open a log file first (a file on disk), then run this command again.');
    return undefined;
  }
  const baseline = await pickBaseline(target);
  if (baseline === undefined || !(await saveEditedLogs([targetPath, ...baseline]))) return undefined;
  return services.runner.analyzePaths([targetPath], baseline);
};

/**
 * Saves the open editors with unsaved changes among the files to analyse (or inside the folders): the analysis reads
 * files from disk, and would otherwise score text the user no longer sees, with highlights on the wrong lines.
 * Saving first is what running a task does by default too. Logs over 50 MB are open in tabs but never handed to
 * extensions as documents, so the tabs are searched as well. Returns false, after saying why, when a save fails.
 */
async function saveEditedLogs(paths: readonly string[]): Promise<boolean> {
  const roots = paths.map(pathKey);
  const isAnalysed = (uri: vscode.Uri): boolean => {
    const key = uriKey(uri);
    return key !== undefined && roots.some((root) => isPathInside(root, key));
  };
  // Documents save themselves (an editor need not be open); a tab-only log (over 50 MB) is saved through its editor.
  const edited = new Map<string, () => Thenable<boolean | vscode.Uri | undefined>>();
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && isAnalysed(document.uri)) edited.set(document.uri.toString(), () => document.save());
  }
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    const uri = tab.isDirty ? textTabUri(tab) : undefined;
    if (uri === undefined) continue;
    if (isAnalysed(uri) && !edited.has(uri.toString())) edited.set(uri.toString(), () => vscode.workspace.save(uri));
  }
  for (const [key, save] of edited) {
    let saved: boolean | vscode.Uri | undefined;
    try {
      saved = await save();
    } catch {
      saved = undefined;
    }
    if (saved !== undefined && saved !== false) continue;
    void vscode.window.showErrorMessage(`Log Triage: ${vscode.workspace.asRelativePath(vscode.Uri.parse(key))} has unsaved changes that could not be saved, so it was not analysed. Save it, then run the analysis again.`);
    return false;
  }
  return true;
}

interface BaselineItem extends vscode.QuickPickItem {
  readonly pick: () => Promise<string[] | undefined>;
}

async function pickBaseline(target: vscode.Uri): Promise<string[] | undefined> {
  const targetKey = uriKey(target);
  // The logs open in tabs: `workspace.textDocuments` also holds documents VS Code keeps after their tab closed (and
  // the ones a report's navigation opened in the background), which the user never sees as open.
  const seen = new Set<string>();
  const openLogs: { readonly uri: vscode.Uri; readonly key: string }[] = [];
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    const uri = textTabUri(tab);
    const key = uri === undefined ? undefined : uriKey(uri);
    if (uri === undefined || key === undefined || key === targetKey || seen.has(key)) continue;
    seen.add(key);
    openLogs.push({ uri, key });
  }
  const items: (BaselineItem | vscode.QuickPickItem)[] = [
    { label: '$(files) Baseline files…', description: 'logs of a successful run', pick: () => openDialog(target, false) },
    { label: '$(folder) Baseline folder…', description: 'a successful run\'s log folder', pick: () => openDialog(target, true) },
  ];
  if (openLogs.length > 0) {
    items.push({ label: 'Open editors', kind: vscode.QuickPickItemKind.Separator });
    // A log in the workspace by its path there; any other (a downloaded one, whose path starts with a long cache
    // folder that hid the names) by its file name, with its folder beside it.
    for (const { uri, key } of openLogs) {
      const relative = vscode.workspace.asRelativePath(uri, false);
      const inWorkspace = relative !== uri.fsPath && relative !== uri.path;
      items.push({ label: `$(file) ${inWorkspace ? relative : path.basename(key)}`, ...(inWorkspace ? {} : { description: shortFolder(key) }), pick: async () => [key] });
    }
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Log Triage: baseline for ${vscode.workspace.asRelativePath(target)}`,
    placeHolder: 'Compare against…',
    ignoreFocusOut: true,
  });
  return chosen && 'pick' in chosen ? chosen.pick() : undefined;
}

async function openDialog(target: vscode.Uri, folders: boolean): Promise<string[] | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: folders ? 'Baseline folder' : 'Baseline files',
    openLabel: 'Use as baseline',
    canSelectFiles: !folders,
    canSelectFolders: folders,
    canSelectMany: !folders,
    defaultUri: target.scheme === 'file' ? vscode.Uri.joinPath(target, '..') : undefined,
  });
  return uris && uris.length > 0 ? uris.map((uri) => uri.fsPath) : undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The folder of a log outside the workspace for a pick list: its last three parts. */
function shortFolder(file: string): string {
  const parts = path.dirname(file).split(path.sep).filter(Boolean);
  return parts.length > 3 ? `…${path.sep}${parts.slice(-3).join(path.sep)}` : path.dirname(file);
}
