// ajv compiles a schema into one function. For the JSON-Schema export of a large template
// (thousands of properties) that function gets so big that compiling takes seconds and V8
// cannot optimise it. The properties of an object (and the prefix items of an array) are
// checked independently of each other, so such a schema can be split: the object's own
// keywords (type, required) in one small validator and each property in its own, compiled
// once per distinct content (annotations aside: thousands of extras share a few shapes).
// Parts of up to CHUNK schema nodes are compiled whole. Schemas with references, or keywords
// that relate properties to each other, are compiled whole as well. The split validator runs
// somewhat slower (a call per property), so only schemas above SPLIT_ABOVE nodes are split:
// at 10,000 extras compiling drops from ~2 s to ~0.6 s, a check rises from ~3.5 to ~6 ms.
import type { ErrorObject } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020';

export type Check = (data: unknown) => ErrorObject[] | null;

type Obj = Record<string, unknown>;
type Part = (data: unknown, path: string, out: ErrorObject[]) => void;

/** Keywords that only annotate: left out when comparing property schemas. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'unit', 'propertiesOrder', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const OBJECT_SPLIT = new Set(['$schema', 'type', 'properties', 'required', ...ANNOTATIONS]);
const ARRAY_SPLIT = new Set(['$schema', 'type', 'prefixItems', ...ANNOTATIONS]);

const CHUNK = 64;
const SPLIT_ABOVE = 2000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

function without(schema: Obj, drop: Set<string> | string[]): Obj {
  const d = drop instanceof Set ? drop : new Set(drop);
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) if (!d.has(k)) out[k] = v;
  return out;
}

/** Schema nodes below and including `s` (properties and prefix items). */
function size(s: unknown): number {
  if (!isObj(s)) return 1;
  let n = 1;
  if (isObj(s.properties)) for (const p of Object.values(s.properties)) n += size(p);
  if (Array.isArray(s.prefixItems)) for (const p of s.prefixItems) n += size(p);
  return n;
}

const keysWithin = (o: Obj, allowed: Set<string>): boolean => Object.keys(o).every((k) => allowed.has(k));

class Splitter {
  private readonly fns = new Map<string, { errors?: ErrorObject[] | null } & ((d: unknown) => unknown)>();

  constructor(private readonly ajv: Ajv2020) {}

  /** A whole (sub)schema compiled once per distinct content. */
  leaf(schema: unknown): Part {
    const key = JSON.stringify(isObj(schema) ? without(schema, ANNOTATIONS) : schema);
    let v = this.fns.get(key);
    if (!v) this.fns.set(key, (v = this.ajv.compile(schema as Obj) as never));
    const validate = v;
    return (data, path, out) => {
      if (validate(data)) return;
      for (const e of validate.errors ?? []) out.push(path ? { ...e, instancePath: path + e.instancePath } : e);
    };
  }

  part(schema: unknown): Part {
    if (!isObj(schema) || size(schema) <= CHUNK) return this.leaf(schema);
    if (schema.type === 'object' && isObj(schema.properties) && keysWithin(schema, OBJECT_SPLIT)) {
      const own = this.leaf(without(schema, ['properties', '$schema']));
      const props = Object.entries(schema.properties).map(([k, sub]) => [k, `/${escape(k)}`, this.part(sub)] as const);
      return (data, path, out) => {
        own(data, path, out);
        if (!isObj(data)) return;
        for (const [k, seg, check] of props) if (Object.prototype.hasOwnProperty.call(data, k)) check(data[k], path + seg, out);
      };
    }
    if (schema.type === 'array' && Array.isArray(schema.prefixItems) && keysWithin(schema, ARRAY_SPLIT)) {
      const own = this.leaf({ type: 'array' });
      const items = schema.prefixItems.map((s) => this.part(s));
      return (data, path, out) => {
        own(data, path, out);
        if (!Array.isArray(data)) return;
        for (let i = 0; i < items.length && i < data.length; i++) items[i](data[i], `${path}/${i}`, out);
      };
    }
    return this.leaf(schema);
  }
}

/** A validator for `schema`: split as described above where that cannot change the result. */
export function compileSplit(ajv: Ajv2020, schema: Obj): Check {
  const text = JSON.stringify(schema);
  // Small schemas compile fast anyway; references, dynamic scopes and ids tie subschemas together.
  const whole = size(schema) <= SPLIT_ABOVE || /"\$(?:ref|dynamicRef|anchor|dynamicAnchor|id|defs)"/.test(text);
  const part = whole ? new Splitter(ajv).leaf(schema) : new Splitter(ajv).part(schema);
  return (data) => {
    const out: ErrorObject[] = [];
    part(data, '', out);
    return out.length ? out : null;
  };
}
