// The template schema for VS Code's built-in JSON language features (hover, completion):
// descriptions, property names and value suggestions, but no constraints. Handing them the
// full schema would make them validate too, duplicating this engine's diagnostics with other
// messages (and they show `errorMessage` strings for every failing keyword). Enumerations
// become `defaultSnippets` (suggested, not enforced); the discriminated branches of an extra
// become if/then (which never report anything themselves).
import templateDocumentSchema from './schemas/template-document.schema.json';

type Obj = Record<string, unknown>;

const CONSTRAINTS = new Set([
  'type', 'required', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'not',
  'additionalProperties', 'const', 'errorMessage', 'kadiMessages', 'kadiCode', 'discriminator', 'enumDescriptions',
]);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const o = node as Obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (CONSTRAINTS.has(k)) continue;
    if (k === 'enum') {
      const descriptions = (o.enumDescriptions ?? []) as string[];
      out.defaultSnippets = (v as unknown[]).map((value, i) => ({ label: JSON.stringify(value), ...(descriptions[i] ? { description: descriptions[i] } : {}), body: value }));
    } else if (k === 'oneOf' && o.discriminator) {
      // Each branch applies when the tag matches; a mismatch is silent.
      const tag = (o.discriminator as { propertyName: string }).propertyName;
      out.allOf = (v as Obj[]).map((branch) => {
        const value = ((branch.properties as Obj)[tag] as Obj).const;
        return { if: { properties: { [tag]: { const: value } }, required: [tag] }, then: strip(branch) };
      });
    } else if (k === 'if') {
      out.if = v; // conditions select, they do not constrain
    } else out[k] = strip(v);
  }
  return out;
}

let cached: Obj | undefined;

/** A fresh copy each call: JSON language services resolve references inside the object they get. */
export function editorSchema(): Obj {
  cached ??= strip(templateDocumentSchema) as Obj;
  return structuredClone(cached);
}
