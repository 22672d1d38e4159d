// The ajv instances of the engine: draft 2020-12, every error (allErrors), the failing schema
// attached to each error (verbose: messages are looked up next to the failing keyword), and
// non-finite numbers refused (Kadi refuses NaN/±inf; 1e999 parses to Infinity). An extra's
// schema is picked by its "type" through `discriminator` (one branch evaluated, not seven).
//
// ajv itself is loaded when the first instance is made, not with the engine: record documents
// of a Kadi export are checked without it (kadiRecordCheck.ts), and evaluating ajv's modules is
// about a third of loading the engine.
import type Ajv2020 from 'ajv/dist/2020';
import type { AnySchema, ValidateFunction } from 'ajv';
import type addFormatsFn from 'ajv-formats';
import { isKadiDate } from './dates';

// CommonJS `require`, bundled by esbuild (also into the form editor's webview, which has no Node types).
declare const require: (id: string) => unknown;

/** Keywords that only annotate: messages, codes and editor hints (JSON language features). */
export const ANNOTATION_KEYWORDS = [
  'errorMessage',
  'kadiMessages',
  'kadiCode',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'markdownDescription',
  'doNotSuggest',
  'deprecationMessage',
  'defaultSnippets',
  // Kadi's json-schema export: the unit of a number and the order of the properties.
  'unit',
  'propertiesOrder',
];

export function createAjv(strict: boolean): Ajv2020 {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see the top) */
  const Ajv = (require('ajv/dist/2020') as { default: typeof Ajv2020 }).default;
  const addFormats = (require('ajv-formats') as { default: typeof addFormatsFn }).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: strict ? true : false,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    strictNumbers: true,
    // Server-provided schemas may name formats we do not know: ignore them, as the spec allows.
    validateFormats: true,
    discriminator: true,
    logger: false,
  });
  addFormats(ajv);
  ajv.addFormat('kadi-date', { type: 'string', validate: isKadiDate });
  for (const k of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword: k, schemaType: ['string', 'object', 'array', 'boolean', 'number'] });
  return ajv;
}

export type { ValidateFunction, AnySchema };
