// `kadi:` URIs for templates, revisions and exports. The authority is the instance id
// ("kadi.example.edu", "127.0.0.1:5000", "sandbox"), so the URI alone says where a save goes.
import * as vscode from 'vscode';
import type { ExportType } from '../kadi/types';
import { exportPath, parseKadiPath, revisionPath, templatePath } from '../kadi/templateUri';
import type { DocLocation } from './templateFiles';

export const KADI_SCHEME = 'kadi';

export function templateUri(instanceId: string, templateId: number, identifier: string): vscode.Uri {
  return vscode.Uri.from({ scheme: KADI_SCHEME, authority: instanceId, path: templatePath(templateId, identifier) });
}

export function revisionUri(instanceId: string, templateId: number, revisionId: number, identifier: string): vscode.Uri {
  return vscode.Uri.from({ scheme: KADI_SCHEME, authority: instanceId, path: revisionPath(templateId, revisionId, identifier) });
}

export function exportUri(instanceId: string, templateId: number, identifier: string, type: ExportType): vscode.Uri {
  return vscode.Uri.from({ scheme: KADI_SCHEME, authority: instanceId, path: exportPath(templateId, identifier, type) });
}

/** A read-only view of the server's current text, used as the left side of conflict diffs. */
export function serverSnapshotUri(uri: vscode.Uri): vscode.Uri {
  return uri.with({ query: 'server' });
}

/** The document identity: the URI without query and fragment. */
export function documentKey(uri: vscode.Uri): string {
  return uri.with({ query: '', fragment: '' }).toString();
}

export function locate(uri: vscode.Uri): DocLocation | undefined {
  const path = parseKadiPath(uri.path);
  if (!path || !uri.authority) return undefined;
  const serverSnapshot = uri.query === 'server' && path.kind === 'template';
  return { key: documentKey(uri), instanceId: uri.authority, path, serverSnapshot };
}
