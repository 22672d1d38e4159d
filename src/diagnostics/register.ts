// VS Code glue of the validation engine (src/validation) for template documents: one
// "Kadi4Mat" diagnostic collection, live validation, quick fixes, unit suggestions. Record
// metadata (src/records) publishes into the same collection.
import * as vscode from 'vscode';
import type { Editing } from '../fs/register';
import type { ClientSource } from '../instances/registry';
import type { Log } from '../ui/log';
import { KadiDiagnostics } from './hub';
import type { LicenseCache } from './licenses';
import { KadiQuickFixes } from './quickFixes';
import { TemplateValidation } from './templateValidation';
import { UnitCompletions } from './units';

export interface Validation {
  diagnostics: KadiDiagnostics;
  templates: TemplateValidation;
}

/** Template documents (any scheme), and JSON in general for record metadata. */
export const VALIDATED_DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'kadi' }, { pattern: '**/*.kadi-template.json' }, { language: 'json' }, { language: 'jsonc' }];

export function registerValidation(
  context: vscode.ExtensionContext,
  deps: { editing: Editing; licenses: LicenseCache; source: Pick<ClientSource, 'onDidChange'>; log: Log },
): Validation {
  const diagnostics = new KadiDiagnostics();
  const templates = new TemplateValidation({ diagnostics, editing: deps.editing, licenses: deps.licenses, log: deps.log });
  context.subscriptions.push(
    diagnostics,
    templates,
    vscode.languages.registerCodeActionsProvider(VALIDATED_DOCUMENTS, new KadiQuickFixes(diagnostics), KadiQuickFixes.metadata),
    vscode.languages.registerCompletionItemProvider([{ scheme: 'kadi' }, { pattern: '**/*.kadi-template.json' }], new UnitCompletions(), '"'),
    deps.source.onDidChange(() => deps.licenses.clear()),
  );
  return { diagnostics, templates };
}
