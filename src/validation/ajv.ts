// The ajv instances of the engine: draft 2020-12, every error (allErrors), the failing schema
// attached to each error (verbose: messages are looked up next to the failing keyword), and
// non-finite numbers refused (Kadi refuses NaN/±inf; 1e999 parses to Infinity). An extra's
// schema is picked by its "type" through `discriminator` (one branch evaluated, not seven).
import Ajv2020 from 'ajv/dist/2020';
import type { AnySchema, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isKadiDate } from './dates';

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
  const ajv = new Ajv2020({
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
