// The packaged extension loads in a real extension host and wires up every command its manifest promises.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activatedApi, contributedCommandIds } from './helpers';

suite('activation', () => {
  test('the extension activates without error and returns its API', async () => {
    const api = await activatedApi();
    assert.ok(Array.isArray(api.commandIds), 'activate() must return { commandIds }');
    assert.strictEqual(typeof api.currentReport, 'function');
    assert.strictEqual(typeof api.decoratedLines, 'function');
  });

  test('every contributed command is registered, and the API lists exactly those', async () => {
    const api = await activatedApi();
    const contributed = contributedCommandIds();
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const unregistered = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(unregistered, [], 'contributed but not registered');
    assert.deepStrictEqual([...api.commandIds].sort(), [...contributed].sort());
  });
});
