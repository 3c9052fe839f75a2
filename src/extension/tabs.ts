// Logs over 50 MB show in tabs without a text editor extensions can see: these read the files of the tabs instead.
import * as vscode from 'vscode';

/** The file a tab shows, when it is a text tab. */
export function textTabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  return tab?.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

/** The file of the active editor group's active tab, when it is a text tab. */
export function activeTabUri(): vscode.Uri | undefined {
  return textTabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
}

/** The file of each editor group's active tab, when it is a text tab. */
export function activeTabUris(): vscode.Uri[] {
  return vscode.window.tabGroups.all.map((group) => textTabUri(group.activeTab)).filter((uri): uri is vscode.Uri => uri !== undefined);
}

/** The group of a tab showing `uri` (a log over 50 MB has a tab but no text editor extensions can see), if any. */
export function tabColumn(uri: vscode.Uri): vscode.ViewColumn | undefined {
  const key = uri.toString();
  return vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => textTabUri(tab)?.toString() === key))?.viewColumn;
}
