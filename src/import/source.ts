// Reading an import file: a size limit, and JSON errors that say where (line and column).
// No `vscode` import.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ImportError } from './model';
import * as l10n from '../ui/l10n';

/** Kadi4Mat reads at most 10 MB of an import (kadi.lib.constants.IMPORT_MAX_SIZE); so do we. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Deeper nesting is surely not a template and would only exhaust the stack. */
export const MAX_DEPTH = 64;

export function checkSize(text: string, name: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) {
    throw new ImportError(l10n.t('{0} is too large to import ({1} MB; Kadi4Mat imports at most 10 MB).', name, (bytes / 1048576).toFixed(1)));
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** JSON.parse, and on failure the first error with its line and column. */
export function parseJson(text: string, name: string): unknown {
  checkSize(text, name);
  const clean = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(clean);
  } catch (e) {
    if (e instanceof RangeError) throw new ImportError(l10n.t('{0} is nested too deeply to be a template.', name));
    const errors: ParseError[] = [];
    parse(clean, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) throw new ImportError(l10n.t('{0} is not valid JSON.', name));
    const { line, column } = lineColumn(clean, first.offset);
    throw new ImportError(l10n.t('{0} is not valid JSON: {1} at line {2}, column {3}.', name, printParseErrorCode(first.error), line, column));
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "/properties/a~1b" for the path segments ["properties", "a/b"]. */
export const pointer = (segments: readonly (string | number)[]): string =>
  segments.length ? `/${segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '/';
