// Public API of the validation engine (no `vscode` import). See README.md.
export type { Diagnostic, QuickFix, Severity, TextEdit, JsonPath } from './types';
export { validateTemplateText, templateDocumentSchema, type TemplateValidationOptions } from './templateDocument';
export { editorSchema } from './editorSchema';
export { serverErrorsToDiagnostics } from './serverErrors';
export { blockingProblems, type SaveGate } from './saveGate';
export { deriveRecordSchema, JSON_SCHEMA_DIALECT, type JsonSchemaObject, type TemplateLike } from './recordSchema';
export { validateRecordText, recordSkeleton, recordValidator, type RecordValidationOptions } from './recordDocument';
export { formatPath } from './pointer';
// For checking other JSON against plain schemas (the assistant's tool inputs) with the engine's ajv.
export { createAjv } from './ajv';
// The engine's copy of l10n.ts (the shipped engine is its own bundle; the translator is process-wide: src/ui/processWide.ts).
export { useTranslator } from '../ui/l10n';
