// Template identifiers: the API's rules (kadi-api.md §2.1: lowercased and stripped, non-blank,
// ≤ 50 characters, [a-z0-9-_]) checked as the user types, and a suggestion made from a title.
// No `vscode` import.
import * as l10n from '../ui/l10n';

export const IDENTIFIER_MAX = 50;
export const TITLE_MAX = 150;
const VALID = /^[a-z0-9_-]+$/;

/** What the server stores for a typed identifier (it lowercases and strips). */
export function normalizeIdentifier(value: string): string {
  return value.trim().toLowerCase();
}

/** undefined when the server would accept the identifier's form (uniqueness is its call). */
export function validateIdentifier(value: string): string | undefined {
  const v = normalizeIdentifier(value);
  if (!v) return l10n.t('Enter an identifier (lower case letters, digits, hyphens and underscores).');
  if (v.length > IDENTIFIER_MAX) return l10n.t('Longer than maximum length {0} (now {1}).', IDENTIFIER_MAX, v.length);
  if (!VALID.test(v)) {
    const bad = [...new Set(v.replace(/[a-z0-9_-]/g, ''))].map((c) => (c === ' ' ? l10n.t('space') : `"${c}"`)).join(', ');
    return l10n.t('Not a valid identifier: {0} not allowed. Valid are lower case alphanumeric characters, hyphens and underscores.', bad);
  }
  return undefined;
}

/** "Tensile Test (Zugprüfung) 2024" → "tensile-test-zugprufung-2024". */
export function suggestIdentifier(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // "ü" → "u"
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const cut = base.slice(0, IDENTIFIER_MAX).replace(/[-_]+$/, '');
  return cut || 'template';
}

/** "tensile-test" → "tensile-test-copy", within the length limit. */
export function copyIdentifier(identifier: string, suffix = '-copy'): string {
  return identifier.slice(0, IDENTIFIER_MAX - suffix.length).replace(/[-_]+$/, '') + suffix;
}

export function validateTitle(value: string): string | undefined {
  const v = value.replace(/\s+/g, ' ').trim();
  if (!v) return l10n.t('Enter a title.');
  if (v.length > TITLE_MAX) return l10n.t('Longer than maximum length {0} (now {1}).', TITLE_MAX, v.length);
  return undefined;
}
