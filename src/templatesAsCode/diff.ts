// Unified diffs server ↔ local, as `git diff` shows them. No `vscode` import.
import { createTwoFilesPatch } from 'diff';
import { renderTemplate } from '../kadi/document';
import type { StatusEntry } from './status';

/** The server's text of an entry ('' when the template does not exist there). */
export function serverText(e: StatusEntry): string {
  return e.server ? renderTemplate(e.server) : '';
}

/** `--- server/<file>` / `+++ local/<file>`; '' when the texts are equal. */
export function unifiedDiff(e: StatusEntry): string {
  const a = serverText(e);
  const b = e.local ?? '';
  if (a === b) return '';
  const patch = createTwoFilesPatch(e.server ? `server/${e.file}` : '/dev/null', e.local !== undefined ? `local/${e.file}` : '/dev/null', a, b, '', '', { context: 3 });
  // Drop the "====" line createTwoFilesPatch starts with; keep ---/+++ and the hunks.
  return patch.split('\n').filter((l, i) => !(i === 0 && l.startsWith('===='))).join('\n');
}
