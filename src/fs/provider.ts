// The `kadi:` FileSystemProvider: turns VS Code's calls into calls on TemplateFiles and its
// failures into `vscode.FileSystemError`s (VS Code then keeps the editor dirty and offers
// Retry / Save As / Revert; the code chosen is documented in README.md). Saving happens in
// writeFile and nowhere else; the stat() of a save carries the text for the conflict check.
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import { parseKadiDirectory, TEMPLATE_SUFFIX } from '../kadi/templateUri';
import type { ExportType } from '../kadi/types';
import { recordSchemaHintsText } from '../validation/recordHints';
import { FsFailure, isFsFailure } from './failure';
import type { DocLocation, TemplateFiles, WriteOutcome } from './templateFiles';
import { locate } from './uris';


/** What `export/` lists; the JSON-Schema export sits beside the template (templateUri.ts). */
const EXPORT_NAMES: [ExportType, string][] = [
  ['json', '.json'],
  ['shacl', '.ttl'],
];

export interface ProviderHooks {
  /** Upload to the server, or keep a local draft (auto-save; see autoSavePolicy.ts). */
  modeFor(uri: vscode.Uri): 'upload' | 'draft';
  afterWrite(uri: vscode.Uri, loc: DocLocation, outcome: WriteOutcome): void;
  writeFailed(uri: vscode.Uri, failure: FsFailure): void;
  /** The text VS Code is about to save to `uri` (its save calls stat() first), once per save. */
  takeSavingText(uri: vscode.Uri): string | undefined;
  describeError(e: unknown, action?: string): string;
}

export class KadiFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(
    private readonly files: TemplateFiles,
    private readonly source: Pick<ClientSource, 'call'>,
    private readonly hooks: ProviderHooks,
  ) {}

  dispose(): void {
    this.emitter.dispose();
  }

  /** Tells VS Code that documents changed on the server; editors without unsaved changes reload. */
  fireChanged(uris: vscode.Uri[], type = vscode.FileChangeType.Changed): void {
    if (uris.length) this.emitter.fire(uris.map((uri) => ({ type, uri })));
  }

  watch(): vscode.Disposable {
    // Changes are announced by fireChanged (saves, restores, role changes, focus checks).
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (parseKadiDirectory(uri.path) && !uri.query) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    }
    const loc = this.mustLocate(uri);
    const saving = this.hooks.takeSavingText(uri);
    const info = await this.guard(() => this.files.stat(loc, { saving }));
    return {
      type: vscode.FileType.File,
      ctime: info.ctime,
      mtime: info.mtime,
      size: info.size,
      permissions: info.readonly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const loc = this.mustLocate(uri);
    const bytes = await this.guard(() => this.files.read(loc));
    // Read by VS Code's JSON language features for record documents' `$schema`: hints only,
    // so that they do not validate too (recordHints.ts).
    if (loc.path.kind === 'export' && loc.path.exportType === 'json-schema') {
      return new TextEncoder().encode(recordSchemaHintsText(new TextDecoder().decode(bytes)));
    }
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const loc = locate(uri);
    if (!loc) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t('Only existing Kadi4Mat templates can be saved here. Create a template with "Kadi4Mat: New Template" in the Kadi4Mat view.'),
      );
    }
    let outcome: WriteOutcome;
    try {
      outcome = await this.files.write(loc, content, this.hooks.modeFor(uri));
    } catch (e) {
      const failure = isFsFailure(e) ? e : new FsFailure('Unknown', this.hooks.describeError(e, vscode.l10n.t('save')));
      this.hooks.writeFailed(uri, failure);
      throw toFileSystemError(failure);
    }
    this.hooks.afterWrite(uri, loc, outcome);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const dir = parseKadiDirectory(uri.path);
    if (!dir) throw vscode.FileSystemError.FileNotADirectory(uri);
    const instanceId = uri.authority;
    const D = vscode.FileType.Directory;
    const F = vscode.FileType.File;
    return this.guard(async () => {
      switch (dir.kind) {
        case 'root':
          return [['templates', D]];
        case 'templates': {
          // The 100 most recently modified: a listing, not a search (the Kadi4Mat view searches).
          const page = await this.source.call(instanceId, (c) => c.searchTemplates({ per_page: 100, sort: '-last_modified' }));
          return page.items.map((t): [string, vscode.FileType] => [String(t.id), D]);
        }
        case 'template-dir': {
          const t = await this.source.call(instanceId, (c) => c.getTemplate(dir.templateId));
          return [[`${t.identifier}${TEMPLATE_SUFFIX}`, F], [`${t.identifier}.schema.json`, F], ['revisions', D], ['export', D]];
        }
        case 'revisions-dir': {
          const page = await this.source.call(instanceId, (c) => c.listRevisions(dir.templateId, { per_page: 100 }));
          return page.items.map((r): [string, vscode.FileType] => [String(r.id), D]);
        }
        case 'revision-dir': {
          const r = await this.source.call(instanceId, (c) => c.getRevision(dir.templateId, dir.revisionId));
          return [[`${r.data.identifier}${TEMPLATE_SUFFIX}`, F]];
        }
        case 'export-dir': {
          const t = await this.source.call(instanceId, (c) => c.getTemplate(dir.templateId));
          return EXPORT_NAMES.map(([, suffix]): [string, vscode.FileType] => [`${t.identifier}${suffix}`, F]);
        }
      }
    });
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('Folders cannot be created on a Kadi4Mat instance. New templates are made with "Kadi4Mat: New Template" in the Kadi4Mat view.'),
    );
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('Templates are not deleted through the file system. Use "Delete Template" in the Kadi4Mat view: it moves the template to the trash, from where it can be restored.'),
    );
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('A template is renamed by changing its "identifier" (or "title") in the document and saving.'),
    );
  }

  private mustLocate(uri: vscode.Uri): DocLocation {
    const loc = locate(uri);
    if (!loc) throw vscode.FileSystemError.FileNotFound(uri);
    return loc;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toFileSystemError(isFsFailure(e) ? e : new FsFailure('Unavailable', this.hooks.describeError(e)));
    }
  }
}

export function toFileSystemError(f: FsFailure): vscode.FileSystemError {
  switch (f.code) {
    case 'NoPermissions':
      return vscode.FileSystemError.NoPermissions(f.message);
    case 'FileNotFound':
      return vscode.FileSystemError.FileNotFound(f.message);
    case 'FileExists':
      return vscode.FileSystemError.FileExists(f.message);
    case 'Unavailable':
      return vscode.FileSystemError.Unavailable(f.message);
    default:
      return new vscode.FileSystemError(f.message);
  }
}
