// Syntax errors, only when JSON.parse has refused the text: jsonc-parser reports every error
// with its exact range (JSON.parse names only the first, by position in a message).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { Diagnostic } from './types';

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Property name expected.',
  ValueExpected: 'Value expected.',
  ColonExpected: 'Colon expected.',
  CommaExpected: 'Comma expected.',
  CloseBraceExpected: 'Closing brace "}" expected.',
  CloseBracketExpected: 'Closing bracket "]" expected.',
  EndOfFileExpected: 'End of file expected: there is text after the document.',
  InvalidCommentToken: 'Comments are not allowed in JSON.',
  UnexpectedEndOfComment: 'Comments are not allowed in JSON.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character in string (control characters must be escaped).',
};

export function syntaxDiagnostics(text: string, max: number): Diagnostic[] {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const out: Diagnostic[] = [];
  let last = -1;
  for (const e of errors) {
    // One error per place: a trailing comma also reports "value expected" at the same spot.
    if (e.offset === last) continue;
    last = e.offset;
    if (out.length >= max) break;
    const name = printParseErrorCode(e.error);
    const message = name === 'ValueExpected' && text.trim() === '' ? 'The document is empty: a template is one JSON object.' : MESSAGES[name] ?? 'Invalid JSON.';
    out.push({ offset: e.offset, length: e.length, message, severity: 'error', code: 'syntax', path: [] });
  }
  if (out.length === 0) {
    // JSON.parse refused what jsonc-parser accepts: a byte-order mark, say.
    const bom = text.charCodeAt(0) === 0xfeff;
    out.push({ offset: 0, length: 1, message: bom ? 'Byte-order mark before the document: JSON does not allow it.' : 'Invalid JSON.', severity: 'error', code: 'syntax', path: [] });
  }
  return out;
}
