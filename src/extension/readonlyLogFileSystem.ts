// Downloaded logs are evidence, not drafts: they open through this read-only scheme so an accidental keystroke cannot
// change what was analysed. The URI path is the absolute path in the download cache.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';

export const READONLY_SCHEME = 'log-triage';

export class ReadonlyLogFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  static register(): vscode.Disposable {
    return vscode.workspace.registerFileSystemProvider(READONLY_SCHEME, new ReadonlyLogFileSystem(), { isCaseSensitive: true, isReadonly: true });
  }

  static uriFor(localPath: string): vscode.Uri {
    return vscode.Uri.file(localPath).with({ scheme: READONLY_SCHEME });
  }

  watch(): vscode.Disposable {
    // Cached logs never change in place; a new download writes a new file.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    try {
      const stats = await fs.stat(uri.fsPath);
      return {
        type: stats.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File,
        ctime: stats.ctimeMs,
        mtime: stats.mtimeMs,
        size: stats.size,
        permissions: vscode.FilePermission.Readonly,
      };
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = await fs.readdir(uri.fsPath, { withFileTypes: true });
    return entries.map((entry) => [entry.name, entry.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    try {
      return await fs.readFile(uri.fsPath);
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }
}
