// Syntax errors, only when JSON.parse has refused the text: jsonc-parser reports every error
// with its exact range (JSON.parse names only the first, by position in a message).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import * as l10n from '../ui/l10n';
import type { Diagnostic } from './types';

/** jsonc-parser's error, in words (undefined for one it may add later). */
function syntaxMessage(name: string): string | undefined {
  switch (name) {
    case 'InvalidSymbol':
      return l10n.t('Unexpected character.');
    case 'InvalidNumberFormat':
      return l10n.t('Invalid number.');
    case 'PropertyNameExpected':
      return l10n.t('Property name expected.');
    case 'ValueExpected':
      return l10n.t('Value expected.');
    case 'ColonExpected':
      return l10n.t('Colon expected.');
    case 'CommaExpected':
      return l10n.t('Comma expected.');
    case 'CloseBraceExpected':
      return l10n.t('Closing brace "}" expected.');
    case 'CloseBracketExpected':
      return l10n.t('Closing bracket "]" expected.');
    case 'EndOfFileExpected':
      return l10n.t('End of file expected: there is text after the document.');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return l10n.t('Comments are not allowed in JSON.');
    case 'UnexpectedEndOfString':
      return l10n.t('Unterminated string.');
    case 'UnexpectedEndOfNumber':
      return l10n.t('Unterminated number.');
    case 'InvalidUnicode':
      return l10n.t('Invalid unicode escape.');
    case 'InvalidEscapeCharacter':
      return l10n.t('Invalid escape character.');
    case 'InvalidCharacter':
      return l10n.t('Invalid character in string (control characters must be escaped).');
    default:
      return undefined;
  }
}

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
    const message = name === 'ValueExpected' && text.trim() === '' ? l10n.t('The document is empty: a template is one JSON object.') : syntaxMessage(name) ?? l10n.t('Invalid JSON.');
    out.push({ offset: e.offset, length: e.length, message, severity: 'error', code: 'syntax', path: [] });
  }
  if (out.length === 0) {
    // JSON.parse refused what jsonc-parser accepts: a byte-order mark, say.
    const bom = text.charCodeAt(0) === 0xfeff;
    out.push({ offset: 0, length: 1, message: bom ? l10n.t('Byte-order mark before the document: JSON does not allow it.') : l10n.t('Invalid JSON.'), severity: 'error', code: 'syntax', path: [] });
  }
  return out;
}
