// The one collection of Kadi4Mat diagnostics ("Kadi4Mat" in the Problems view): the live ones
// of the validation engine (template documents, record metadata) and those of a save Kadi4Mat
// refused with a 400 (kept until the next edit or successful save). Also remembers each live
// diagnostic's quick fix for the CodeActionProvider (quickFixes.ts).
import * as vscode from 'vscode';
import type { Diagnostic, QuickFix } from '../validation';
import { withoutRepeated } from './noise';

export const SOURCE = 'Kadi4Mat';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export interface Fixable {
  diagnostic: vscode.Diagnostic;
  fix: QuickFix;
}

/** Offsets → positions of a text that is not (or no longer) a document's current text. */
export function positionsOf(text: string): (offset: number) => vscode.Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, o - starts[lo]);
  };
}

export function toVscodeDiagnostic(d: Diagnostic, at: (offset: number) => vscode.Position, suffix = ''): vscode.Diagnostic {
  // A zero-length range would be invisible: mark at least one character.
  const range = new vscode.Range(at(d.offset), at(d.offset + Math.max(d.length, 1)));
  const out = new vscode.Diagnostic(range, d.message + suffix, SEVERITY[d.severity]);
  out.source = SOURCE;
  out.code = d.code;
  return out;
}

export class KadiDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kadi4mat');
  private readonly live = new Map<string, vscode.Diagnostic[]>();
  private readonly server = new Map<string, vscode.Diagnostic[]>();
  private readonly fixes = new Map<string, { version: number; items: Fixable[] }>();
  /** Per document: the version of its last live pass and how many passes there were (tests wait on it). */
  private readonly passes = new Map<string, { version: number; count: number }>();

  /**
   * The engine's diagnostics of `doc`'s current text (validated just now, at `doc.version`),
   * less the syntax errors VS Code's JSON support shows already (noise.ts).
   */
  setLive(doc: vscode.TextDocument, diags: readonly Diagnostic[]): void {
    const key = doc.uri.toString();
    const items: Fixable[] = [];
    const jsonValidation = vscode.workspace.getConfiguration('json', doc).get<boolean>('validate.enable', true);
    const converted = withoutRepeated(diags, { languageId: doc.languageId, jsonValidation }).map((d) => {
      const v = toVscodeDiagnostic(d, (o) => doc.positionAt(o));
      if (d.fix) items.push({ diagnostic: v, fix: d.fix });
      return v;
    });
    this.live.set(key, converted);
    this.fixes.set(key, { version: doc.version, items });
    this.passes.set(key, { version: doc.version, count: (this.passes.get(key)?.count ?? 0) + 1 });
    this.publish(doc.uri);
  }

  /** The last live pass over `uri`: at which document version, and the number of passes so far. */
  lastPass(uri: vscode.Uri): { version: number; count: number } | undefined {
    return this.passes.get(uri.toString());
  }

  /** A save refused by Kadi4Mat: its field errors, at their places in the text that was saved. */
  setServer(uri: vscode.Uri, text: string, diags: readonly Diagnostic[]): void {
    const at = positionsOf(text);
    this.server.set(uri.toString(), diags.map((d) => toVscodeDiagnostic(d, at, ` ${vscode.l10n.t('(rejected by the server on save)')}`)));
    this.publish(uri);
  }

  clearServer(uri: vscode.Uri): void {
    if (this.server.delete(uri.toString())) this.publish(uri);
  }

  delete(uri: vscode.Uri): void {
    const key = uri.toString();
    this.live.delete(key);
    this.server.delete(key);
    this.fixes.delete(key);
    this.passes.delete(key);
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /**
   * The fixes of `wanted` (diagnostics VS Code hands a CodeActionProvider: copies, matched by
   * range, message and code), only while the document is at the version they were made for.
   */
  fixesFor(doc: vscode.TextDocument, wanted: readonly vscode.Diagnostic[]): Fixable[] {
    const entry = this.fixes.get(doc.uri.toString());
    if (!entry || entry.version !== doc.version) return [];
    const out: Fixable[] = [];
    for (const w of wanted) {
      if (w.source !== SOURCE) continue;
      const hit = entry.items.find((f) => f.diagnostic.range.isEqual(w.range) && f.diagnostic.message === w.message && f.diagnostic.code === w.code);
      if (hit) out.push({ diagnostic: w, fix: hit.fix });
    }
    return out;
  }

  private publish(uri: vscode.Uri): void {
    const key = uri.toString();
    this.collection.set(uri, [...(this.server.get(key) ?? []), ...(this.live.get(key) ?? [])]);
  }

  dispose(): void {
    this.collection.dispose();
    this.live.clear();
    this.server.clear();
    this.fixes.clear();
    this.passes.clear();
  }
}
