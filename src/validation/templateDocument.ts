// Validation of a template document (the text of a `kadi:` editor):
//   JSON.parse (syntax errors: jsonc-parser) → Kadi's filters + warnings (normalize.ts)
//   → template-document.schema.json (ajv) → rules beyond JSON Schema (semantics.ts)
//   → one scan of the text for the ranges of the few paths with problems (resolve.ts).
import type { TemplateType } from '../kadi/types';
import { createAjv, type ValidateFunction } from './ajv';
import { problemsFromAjv } from './messages';
import { normalizeDocument } from './normalize';
import type { Problem } from './problems';
import { capProblems, resolveProblems } from './resolve';
import { addSchemaFix } from './schemaFixes';
import templateDocumentSchema from './schemas/template-document.schema.json';
import { ErrorIndex, semanticProblems } from './semantics';
import { syntaxDiagnostics } from './syntax';
import type { Diagnostic } from './types';

export { templateDocumentSchema };

export interface TemplateValidationOptions {
  /** The template's type as the server knows it (the document's `type` cannot change it). */
  type?: TemplateType;
  /** License names of the instance (GET /api/licenses); without them any name passes. */
  licenses?: readonly string[];
  /** At most this many diagnostics (errors first). Default 200. */
  maxProblems?: number;
}

let validator: ValidateFunction | undefined;

/** The compiled template-document schema (compiled once). */
export function templateValidator(): ValidateFunction {
  return (validator ??= createAjv(true).compile(templateDocumentSchema));
}

export function validateTemplateText(text: string, options: TemplateValidationOptions = {}): Diagnostic[] {
  const max = options.maxProblems ?? 200;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return syntaxDiagnostics(text, max);
  }
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  normalizeDocument(doc, { type: options.type, maxProblems: max, text }, warnings);
  const validate = templateValidator();
  const schemaProblems = validate(doc) ? [] : problemsFromAjv(validate.errors, doc).map((p) => addSchemaFix(p, doc));
  // A changed `type` is an error found by the filters pass; it goes with the errors.
  problems.push(...warnings.filter((w) => w.severity === 'error'), ...schemaProblems);
  problems.push(...semanticProblems(doc, new ErrorIndex(schemaProblems.map((p) => p.path)), options));
  problems.push(...warnings.filter((w) => w.severity !== 'error'));
  return resolveProblems(text, capProblems(problems, max));
}
