// Changes one part of the extension makes that other parts must reflect (the tree refreshes
// after a save, an open editor learns that its template was deleted, …).
import * as vscode from 'vscode';
import type { Template } from '../kadi/types';

export type TemplateChangeKind = 'saved' | 'created' | 'deleted' | 'restored' | 'purged' | 'roles';

export interface TemplateChange {
  instanceId: string;
  templateId: number;
  kind: TemplateChangeKind;
  /** The template as saved (a save of this window): the tree updates its row in place. */
  template?: Template;
}

export class KadiEvents implements vscode.Disposable {
  private readonly templateEmitter = new vscode.EventEmitter<TemplateChange>();
  readonly onDidChangeTemplate = this.templateEmitter.event;

  fireTemplateChanged(change: TemplateChange): void {
    this.templateEmitter.fire(change);
  }

  dispose(): void {
    this.templateEmitter.dispose();
  }
}
