// Messages between the form editor's webview and the extension host. Both sides import these
// types only; the webview gets its strings (already translated) in the first message.
import type { JsonPath, Severity } from '../validation';
import type { JsonSchemaObject } from '../validation';
import type { FormAction } from './edits';
import type { FormModel, Unreadable } from './model';

/** A diagnostic of the validation engine, as the webview shows it. */
export interface FormProblem {
  path: JsonPath;
  message: string;
  severity: Severity;
  code: string;
  offset: number;
  length: number;
}

export type ToWebview =
  | { type: 'init'; strings: Record<string, string>; readonly: boolean }
  /** The form after the text changed; `version` is the document's. */
  | { type: 'model'; model: FormModel | Unreadable; version: number; problems: FormProblem[] }
  /** The record form the template produces: the JSON Schema Kadi4Mat would export for it. */
  | { type: 'preview'; schema: JsonSchemaObject }
  | { type: 'sampleProblems'; problems: FormProblem[] }
  /** Alt+→ / Alt+← (the commands kadi4mat.formEditor.moveInto/moveOut): move the focused row. */
  | { type: 'keyMove'; direction: 'into' | 'out' };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'action'; action: FormAction }
  /** Show this place of the text in a text editor beside the form. */
  | { type: 'reveal'; offset: number; length: number }
  | { type: 'openText' }
  /** The sample record as the person typed it: validate it. */
  | { type: 'sample'; text: string }
  | { type: 'saveSample'; text: string }
  /** The form of document `version` is drawn; `ms` it took (the host tests and the log report it). */
  | { type: 'rendered'; version: number; ms: number };
