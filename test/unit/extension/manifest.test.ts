// The manifest and the code agree: every contributed command is in the command table and the reverse, commands and
// settings are fully described, and every theme colour the extension names is contributed. Plain mocha, no vscode.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DISTANCE_BUCKETS } from '../../../src/protocol';
import { DEFAULT_MAX_FILE_BYTES } from '../../../src/sources/localLogs';

const root = path.resolve(__dirname, '../../..');

interface Manifest {
  readonly activationEvents?: readonly string[];
  readonly capabilities?: { readonly untrustedWorkspaces?: { readonly restrictedConfigurations?: readonly string[] } };
  readonly contributes: {
    readonly commands: readonly { readonly command: string; readonly title?: string; readonly category?: string }[];
    readonly keybindings?: readonly { readonly command: string; readonly key: string; readonly when?: string }[];
    readonly menus?: Readonly<Record<string, readonly { readonly command: string }[]>>;
    readonly configuration: { readonly properties: Readonly<Record<string, { readonly markdownDescription?: string; readonly default?: unknown; readonly scope?: string }>> };
    readonly colors: readonly { readonly id: string; readonly description?: string; readonly defaults?: Readonly<Record<string, string>> }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const tableSource = readFileSync(path.join(root, 'src/extension/commands/table.ts'), 'utf8');

/** Keys of the `commandTable` object literal, read from the source text (the table imports vscode, so it is not loaded). */
function commandTableKeys(): string[] {
  const body = /export const commandTable = \{([\s\S]*?)\} satisfies/.exec(tableSource)?.[1];
  assert.ok(body, 'commandTable literal not found in table.ts');
  return [...body.matchAll(/^\s*'([^']+)'\s*:/gm)].map((match) => match[1] ?? '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('package.json manifest', () => {
  const contributed = manifest.contributes.commands.map((command) => command.command);

  it('contributes exactly the commands of the command table', () => {
    const keys = commandTableKeys();
    assert.ok(keys.length >= 11, `only ${keys.length} commands parsed from table.ts`);
    assert.deepEqual([...contributed].sort(), [...keys].sort());
  });

  it('gives every command the "Log Triage" category and a title', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Log Triage', `${command.command} category`);
      assert.ok(command.title && command.title.trim() !== '', `${command.command} title`);
      assert.match(command.command, /^logTriage\.\w+$/);
    }
  });

  it('only binds keys and menus to contributed commands', () => {
    for (const binding of manifest.contributes.keybindings ?? []) assert.ok(contributed.includes(binding.command), `keybinding for ${binding.command}`);
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) assert.ok(contributed.includes(item.command), `${menu} lists ${item.command}`);
    }
  });

  it('describes every setting with markdownDescription, scope and default', () => {
    const properties = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(properties.length >= 10);
    for (const [key, property] of properties) {
      assert.match(key, /^logTriage\.\w+$/);
      assert.ok(property.markdownDescription && property.markdownDescription.length > 10, `${key} markdownDescription`);
      assert.ok('default' in property, `${key} default`);
      assert.ok(property.scope, `${key} scope`);
    }
  });

  it('caps a file at the size the CLI caps it by default', () => {
    // The editor and `diff --max-file-size` read the same log alike unless told otherwise.
    const setting = manifest.contributes.configuration.properties['logTriage.maxFileMB'];
    assert.equal(Number(setting?.default) * 1024 * 1024, DEFAULT_MAX_FILE_BYTES);
  });

  it('reads in config.ts exactly the settings it contributes', () => {
    const configSource = readFileSync(path.join(root, 'src/extension/config.ts'), 'utf8');
    const read = new Set([...configSource.matchAll(/\(section, '(\w+)'/g), ...configSource.matchAll(/section\.(?:get|inspect)<\w+>\('(\w+)'\)/g)].map((match) => `logTriage.${match[1]}`));
    assert.deepEqual([...read].sort(), Object.keys(manifest.contributes.configuration.properties).sort());
  });

  it('reads settings only in config.ts', () => {
    const offenders = sourceFiles(path.join(root, 'src/extension'))
      .filter((file) => !file.endsWith(`${path.sep}config.ts`))
      .filter((file) => /getConfiguration\(/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('restricts the server map in untrusted workspaces', () => {
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations?.includes('logTriage.zuulMap'));
  });

  it('contributes every theme colour the extension uses, with defaults for each theme kind', () => {
    const contributedColors = new Map(manifest.contributes.colors.map((color) => [color.id, color]));
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(root, 'src/extension'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`](logTriage\.[A-Za-z${}.]+(?:Background|Ruler|Foreground|Border))['"`]/g)) used.add(match[1] ?? '');
    }
    // Colour ids built from the bucket names (`logTriage.anomaly${bucket}Background`) are expanded here.
    for (const id of [...used]) {
      if (!id.includes('${')) continue;
      used.delete(id);
      for (const bucket of DISTANCE_BUCKETS) used.add(id.replace(/\$\{\w+\}/, bucket.name));
    }
    assert.ok(used.size >= 6, `found only ${[...used].join(', ')}`);
    for (const id of used) {
      const color = contributedColors.get(id);
      assert.ok(color, `${id} is used but not contributed`);
      for (const theme of ['dark', 'light', 'highContrast']) assert.ok(color.defaults?.[theme], `${id} has no ${theme} default`);
    }
    const css = readFileSync(path.join(root, 'media/panel.css'), 'utf8');
    for (const match of css.matchAll(/--vscode-(logTriage-[A-Za-z]+)/g)) {
      assert.ok(contributedColors.has((match[1] ?? '').replace('-', '.')), `panel.css uses ${match[1]}`);
    }
  });

  it('activates on its URI handler, panel restore and read-only scheme', () => {
    for (const event of ['onUri', 'onWebviewPanel:logTriage.panel', 'onFileSystem:log-triage']) {
      assert.ok(manifest.activationEvents?.includes(event), event);
    }
  });
});

describe('webview sources', () => {
  it('never assign markup: log text goes in through textContent only', () => {
    const offenders = sourceFiles(path.join(root, 'webview')).filter((file) => /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('name the toolkit only in webview/ui/components.ts', () => {
    const offenders = sourceFiles(path.join(root, 'webview'))
      .filter((file) => readFileSync(file, 'utf8').includes('@vscode/webview-ui-toolkit'))
      .map((file) => path.relative(root, file));
    assert.deepEqual(offenders, [path.join('webview', 'ui', 'components.ts')]);
  });
});
