// Logs over 50 MB show in tabs without a text editor extensions can see: these read the files of the tabs instead.
import * as vscode from 'vscode';

/** The file of the active editor group's active tab, when it is a text tab. */
export function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? input.uri : undefined;
}

/** The file of each editor group's active tab, when it is a text tab. */
export function activeTabUris(): vscode.Uri[] {
  return vscode.window.tabGroups.all
    .map((group) => group.activeTab?.input)
    .filter((input): input is vscode.TabInputText => input instanceof vscode.TabInputText)
    .map((input) => input.uri);
}
