// The import formats in one place: names, file patterns, telling them apart by content, and one
// entry `importText` that the commands and the command line share. No `vscode` import.
import type { TemplateType } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { importElabftw } from './elabftw';
import { importJsonSchema } from './jsonSchema';
import { ImportError, toTemplate, type ImportOutcome, type ImportResult } from './model';
import { importRecord, type ValuesChoice } from './record';
import { importShacl } from './shacl';
import { isObject } from './source';

export type ImportFormat = 'json-schema' | 'shacl' | 'record' | 'elabftw';

export interface FormatInfo {
  id: ImportFormat;
  label: string;
  /** Open-dialog filter. */
  extensions: string[];
  /** Whether the source carries values that the user may keep as defaults. */
  hasValues: boolean;
}

// The labels are getters: translated when read, never at module load.
export const FORMATS: Record<ImportFormat, FormatInfo> = {
  'json-schema': {
    id: 'json-schema',
    get label() {
      return l10n.t('JSON Schema');
    },
    extensions: ['json'],
    hasValues: false,
  },
  shacl: {
    id: 'shacl',
    get label() {
      return l10n.t('SHACL (Turtle)');
    },
    extensions: ['ttl'],
    hasValues: false,
  },
  record: {
    id: 'record',
    get label() {
      return l10n.t('Kadi4Mat record');
    },
    extensions: ['json'],
    hasValues: true,
  },
  elabftw: {
    id: 'elabftw',
    get label() {
      return l10n.t('eLabFTW extra fields');
    },
    extensions: ['json'],
    hasValues: true,
  },
};

export const isImportFormat = (v: unknown): v is ImportFormat => typeof v === 'string' && v in FORMATS;

/** The format a file most likely holds, from its name and a look at its content; undefined when unclear. */
export function detectFormat(fileName: string, text: string): ImportFormat | undefined {
  if (/\.(ttl|turtle)$/i.test(fileName)) return 'shacl';
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('@prefix') || head.startsWith('PREFIX') || head.startsWith('@base')) return 'shacl';
  let v: unknown;
  try {
    v = JSON.parse(head);
  } catch {
    return undefined;
  }
  if (Array.isArray(v)) v = v[0];
  if (!isObject(v)) return undefined;
  if ('extra_fields' in v || (typeof v.metadata === 'string' && v.metadata.includes('extra_fields')) || (isObject(v.metadata) && 'extra_fields' in v.metadata)) return 'elabftw';
  if ('$schema' in v || 'properties' in v || '$defs' in v || 'definitions' in v) return 'json-schema';
  if (!('data' in v) && ('extras' in v || ('identifier' in v && 'title' in v))) return 'record';
  return undefined;
}

export interface ImportOptions {
  type: TemplateType;
  /** For records and eLabFTW: keep the values as defaults, or strip them (Kadi4Mat strips). */
  values?: ValuesChoice;
  /** The file's name, for messages. */
  name?: string;
}

export async function importOutcome(format: ImportFormat, text: string, options: Omit<ImportOptions, 'type'>): Promise<ImportOutcome> {
  const name = options.name;
  switch (format) {
    case 'json-schema':
      return importJsonSchema(text, name);
    case 'shacl':
      return importShacl(text, name);
    case 'record':
      return importRecord(text, { values: options.values ?? 'strip', name });
    case 'elabftw':
      return importElabftw(text, { values: options.values ?? 'keep', name });
    default:
      throw new ImportError(l10n.t('unknown import format "{0}"', String(format)));
  }
}

/** The template from a file's text; throws ImportError with the place for input it cannot read. */
export async function importText(format: ImportFormat, text: string, options: ImportOptions): Promise<ImportResult> {
  return toTemplate(await importOutcome(format, text, options), options.type);
}

/** "/properties/a: not carried over: pattern" */
export const formatNote = (n: { at: string; message: string }): string => `${n.at}: ${n.message}`;
