// ajv compiles a schema into one function. For the JSON-Schema export of a large template
// (thousands of properties) that function gets so big that compiling takes seconds and V8
// cannot optimise it. The properties of an object (and the prefix items of an array) are
// checked independently of each other, so such a schema can be split: the object's own
// keywords (type, required) in one small validator and each property in its own, compiled
// once per distinct content (annotations aside: thousands of extras share a few shapes).
// Schemas with references, or keywords that relate properties to each other, are compiled
// whole. Split or whole, the errors are the same, in the same order (ajv checks an object's
// type and required before its properties, in schema order).
//
// Before ajv, every part is asked a fast yes/no check (`fastCheck.ts`): ajv, with its error
// objects, runs only on the parts that check finds invalid, and an ajv validator is compiled
// only when its part is first found invalid (most never are; a schema ajv's meta-schema
// refuses is compiled at once, so that it throws where it did). The errors are the ones the
// parts' validators report, in the same order as before: an object's own keywords, then its
// properties in schema order.
import type { ErrorObject } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020';
import { check, FastCheckCompiler, withItems, withProperties, type CheckNode } from './fastCheck';
import { provablyValidSchema } from './metaCheck';

export type Check = (data: unknown) => ErrorObject[] | null;

type Obj = Record<string, unknown>;
type Run = (data: unknown, path: string, out: ErrorObject[]) => void;
type ValidateFn = { errors?: ErrorObject[] | null } & ((d: unknown) => unknown);

interface Part {
  run: Run;
  /** The fast check of the whole part; undefined: outside its subset, ask `run`. */
  node: CheckNode | undefined;
}

/** Keywords that only annotate: left out when comparing property schemas. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'unit', 'propertiesOrder', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const OBJECT_SPLIT = new Set(['$schema', 'type', 'properties', 'required', ...ANNOTATIONS]);
const ARRAY_SPLIT = new Set(['$schema', 'type', 'prefixItems', ...ANNOTATIONS]);

/** Up to this size, a schema ajv's meta-schema refuses is compiled whole (as it always was: it throws). */
const SPLIT_ABOVE = 2000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

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

/** `type` is `t`, or `t` or null (Kadi's nullable extras, `kadiRecords.ts`). */
const isType = (type: unknown, t: string): boolean => type === t || (Array.isArray(type) && type.length === 2 && type.includes(t) && type.includes('null'));

const keysWithin = (o: Obj, allowed: Set<string>): boolean => Object.keys(o).every((k) => allowed.has(k));

/**
 * `ajv.compile` of a part of a schema already found valid: every part of a valid schema is valid
 * too, so the meta-schema is not run again (nor compiled, when it was never needed).
 */
function compileValid(ajv: Ajv2020, schema: unknown): ValidateFn {
  const opts = ajv.opts as { validateSchema?: boolean | 'log' };
  const before = opts.validateSchema;
  opts.validateSchema = false;
  try {
    return ajv.compile(schema as Obj) as ValidateFn;
  } finally {
    opts.validateSchema = before;
  }
}

class Splitter {
  private readonly fns = new Map<string, ValidateFn>();
  private readonly fast: FastCheckCompiler;

  /** lazy: compile ajv validators when first needed (the schema is known to be valid). */
  constructor(
    private readonly ajv: Ajv2020,
    readonly lazy: boolean,
  ) {
    this.fast = new FastCheckCompiler(ajv);
  }

  /** The ajv validator of a (sub)schema, compiled once per distinct content. */
  private validator(schema: unknown): ValidateFn {
    const key = JSON.stringify(isObj(schema) ? without(schema, ANNOTATIONS) : schema);
    let v = this.fns.get(key);
    if (!v) this.fns.set(key, (v = (this.lazy ? compileValid(this.ajv, schema) : this.ajv.compile(schema as Obj)) as never));
    return v;
  }

  /** A whole (sub)schema: the fast check, then (compiled when first needed) ajv. */
  leaf(schema: unknown): Part {
    const node = this.fast.compile(schema);
    // Without a fast check ajv runs every time: compile it now.
    let validate = node && this.lazy ? undefined : this.validator(schema);
    const run: Run = (data, path, out) => {
      if (node !== undefined && check(node, data)) return;
      validate ??= this.validator(schema);
      if (validate(data)) return;
      for (const e of validate.errors ?? []) out.push(path ? { ...e, instancePath: path + e.instancePath } : e);
    };
    return { run, node };
  }

  /**
   * A (sub)schema split into parts. The parts of its properties and items are built when a
   * value first fails their fast check (most never do); their checks are built now.
   */
  part(schema: unknown): Part {
    if (isSplitObject(schema)) {
      const own = this.leaf(without(schema, ['properties', '$schema']));
      const props = Object.entries(schema.properties).map(([key, sub]) => new Child(this, sub, key as string));
      const run: Run = (data, path, out) => {
        own.run(data, path, out);
        if (!isObj(data)) return;
        for (let i = 0; i < props.length; i++) {
          const p = props[i];
          const v = data[p.key];
          if (v === undefined || (p.node !== undefined && check(p.node, v)) || !hasOwn(data, p.key)) continue;
          p.run(v, path, out);
        }
      };
      return { run, node: objectNode(own.node, props) };
    }
    if (isSplitArray(schema)) {
      const own = this.leaf({ type: schema.type });
      const items = schema.prefixItems.map((sub, i) => new Child(this, sub, i));
      const run: Run = (data, path, out) => {
        own.run(data, path, out);
        if (!Array.isArray(data)) return;
        for (let i = 0; i < items.length && i < data.length; i++) {
          const p = items[i];
          if (p.node === undefined || !check(p.node, data[i])) p.run(data[i], path, out);
        }
      };
      return { run, node: arrayNode(own.node, items) };
    }
    return this.leaf(schema);
  }

  /** The fast check `part(schema)` would have, without building its parts. */
  node(schema: unknown): CheckNode | undefined {
    if (isSplitObject(schema)) {
      const own = this.fast.compile(without(schema, ['properties', '$schema']));
      return objectNode(own, Object.entries(schema.properties).map(([key, sub]) => ({ key, node: this.node(sub) })));
    }
    if (isSplitArray(schema)) return arrayNode(this.fast.compile({ type: schema.type }), schema.prefixItems.map((sub) => ({ node: this.node(sub) })));
    return this.fast.compile(schema);
  }
}

/** A property or prefix item: its fast check now, its part when a value first fails that. */
class Child<K extends string | number = string | number> {
  readonly node: CheckNode | undefined;
  private readonly seg: string;
  private part: Part | undefined;

  constructor(
    private readonly splitter: Splitter,
    private readonly schema: unknown,
    readonly key: K,
  ) {
    this.node = splitter.node(schema);
    this.seg = typeof key === 'number' ? `/${key}` : `/${escape(key)}`;
    // A schema not known to be valid is compiled at once, so that it throws where it did.
    if (!splitter.lazy) this.part = splitter.part(schema);
  }

  run(data: unknown, parentPath: string, out: ErrorObject[]): void {
    this.part ??= this.splitter.part(this.schema);
    this.part.run(data, parentPath + this.seg, out);
  }
}

function isSplitObject(schema: unknown): schema is Obj & { properties: Obj } {
  return isObj(schema) && isType(schema.type, 'object') && isObj(schema.properties) && keysWithin(schema, OBJECT_SPLIT);
}

function isSplitArray(schema: unknown): schema is Obj & { prefixItems: unknown[] } {
  return isObj(schema) && isType(schema.type, 'array') && Array.isArray(schema.prefixItems) && keysWithin(schema, ARRAY_SPLIT);
}

/** An object's check: its own keywords' and, when every property has one, theirs. */
function objectNode(own: CheckNode | undefined, props: { key: string; node: CheckNode | undefined }[]): CheckNode | undefined {
  if (own === undefined || !props.every((p) => p.node !== undefined)) return undefined;
  return withProperties(own, props.map((p) => [p.key, p.node!]));
}

function arrayNode(own: CheckNode | undefined, items: { node: CheckNode | undefined }[]): CheckNode | undefined {
  if (own === undefined || !items.every((p) => p.node !== undefined)) return undefined;
  return withItems(own, items.map((p) => p.node!));
}

/** A validator for `schema`: split as described above where that cannot change the result. */
export function compileSplit(ajv: Ajv2020, schema: Obj): Check {
  // A schema of the keywords Kadi's exports use, well formed, without references: split, and
  // ajv compiles a part only when it is needed (without meta-validating it again).
  if (provablyValidSchema(ajv, schema)) return splitCheck(new Splitter(ajv, true), schema, false);
  // A schema ajv refuses must throw here, as before, with the same error: compile every part now.
  let valid = false;
  try {
    valid = ajv.validateSchema(schema) === true;
  } catch {
    // an unknown $schema, say: compiling reports it
  }
  // References, dynamic scopes and ids tie subschemas together. A small schema ajv refuses is
  // compiled whole, so that it throws as it always did (split, its bad part may not be compiled).
  const whole = /"\$(?:ref|dynamicRef|anchor|dynamicAnchor|id|defs)"/.test(JSON.stringify(schema)) || (!valid && size(schema) <= SPLIT_ABOVE);
  return splitCheck(new Splitter(ajv, valid), schema, whole);
}

function splitCheck(splitter: Splitter, schema: Obj, whole: boolean): Check {
  const { run, node } = whole ? splitter.leaf(schema) : splitter.part(schema);
  // A split part checks its properties fast one by one anyway: checking the whole first would
  // only repeat that work on an invalid document.
  const first = whole ? node : undefined;
  return (data) => {
    if (first !== undefined && check(first, data)) return null;
    const out: ErrorObject[] = [];
    run(data, '', out);
    return out.length ? out : null;
  };
}
