// What VS Code's JSON language features get for a record document's `$schema` (the JSON-Schema
// export served at kadi://…/<identifier>.schema.json): property names, titles, descriptions,
// defaults and suggested values for completion and hover, but no constraints. With the whole
// export they would validate the record as well, and every problem would show twice: once as
// the extension's error with Kadi4Mat's message, once as their warning with a generic one
// ("Incorrect type. Expected "number"."), and `null` (not set yet) as a wrong type.
// No `vscode` import.
import type { JsonSchemaObject } from './recordSchema';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function hints(node: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    switch (k) {
      case '$schema':
      case '$id':
      case 'title':
      case 'description':
      case 'default':
      case 'examples':
        out[k] = v;
        break;
      case 'properties':
        if (isObj(v)) out.properties = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, isObj(p) ? hints(p) : {}]));
        break;
      case 'prefixItems':
        if (Array.isArray(v)) out.prefixItems = v.map((p) => (isObj(p) ? hints(p) : {}));
        break;
      case 'items':
        if (isObj(v)) out.items = hints(v);
        break;
      case 'enum':
        // Suggested, not enforced.
        if (Array.isArray(v)) out.defaultSnippets = v.map((value) => ({ label: JSON.stringify(value), body: value }));
        break;
      default:
      // type, required, minimum, maximum, minLength, format, unit, propertiesOrder, …: dropped.
    }
  }
  return out;
}

export const HINTS_COMMENT =
  // l10n: not user-facing (a $comment inside the served schema document: file content, not UI)
  "Editor hints from the JSON-Schema export of this template: names, descriptions, defaults and suggestions for completion and hover. The constraints (types, required values, ranges, options, dates) are checked by the Kadi4Mat extension with Kadi4Mat's messages; 'Kadi4Mat: Export… → JSON Schema' gives the export itself.";

/** The constraint-free editor view of a record schema. */
export function recordSchemaHints(schema: JsonSchemaObject): JsonSchemaObject {
  return { ...hints(schema), $comment: HINTS_COMMENT };
}

/** The same on the export's text; a text that is not a JSON object is returned as it is. */
export function recordSchemaHintsText(text: string): string {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    return text;
  }
  return isObj(schema) ? `${JSON.stringify(recordSchemaHints(schema), null, 2)}\n` : text;
}
