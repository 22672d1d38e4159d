// The generated documents of the validation benchmarks (`bench:validation`, and the first
// diagnostics figure of `npm run bench`): templates with n extras, flat or nested, and
// record-metadata values for their json-schema export, about 1 % with errors.
type Obj = Record<string, unknown>;

/** One extra of each kind in turn; 1 % carry an error (five in a row: one of each kind). */
function scalarExtra(i: number, inList: boolean): Obj {
  const kind = i % 5;
  const bad = i % 500 >= 495;
  const key = inList ? {} : { key: `field_${i}` };
  switch (kind) {
    case 0:
      return { ...key, type: 'str', value: bad ? 12 : `text ${i}`, description: 'A text field', validation: { options: [`text ${i}`, 'other'] } };
    case 1:
      return { ...key, type: 'int', unit: 'mm', value: bad ? 'x' : i, validation: { range: { min: 0, max: null }, required: true } };
    case 2:
      return { ...key, type: 'float', unit: null, value: i / 7, term: 'http://qudt.org/vocab/quantitykind/Length', ...(bad ? { validation: { range: { min: 5, max: 1 } } } : {}) };
    case 3:
      return { ...key, type: 'bool', value: i % 2 === 0, ...(bad ? { unit: 'x' } : {}) };
    default:
      return { ...key, type: 'date', value: bad ? 'not a date' : '2024-03-01T09:15:22+00:00' };
  }
}

/** `n` extras in all: flat, or dicts of 8 with a list of 3 inside (nested). */
export function extras(n: number, nested: boolean): Obj[] {
  if (!nested) return Array.from({ length: n }, (_, i) => scalarExtra(i, false));
  const out: Obj[] = [];
  let i = 0;
  while (i < n) {
    const group = i;
    const children: Obj[] = [];
    i++; // the dict itself
    for (let c = 0; c < 6 && i < n; c++) children.push(scalarExtra(i++, false));
    if (i < n) {
      i++; // the list
      const items: Obj[] = [];
      for (let c = 0; c < 3 && i < n; c++) items.push(scalarExtra(i++, true));
      children.push({ key: 'series', type: 'list', value: items });
    }
    out.push({ key: `group_${group}`, type: 'dict', description: 'A group', value: children });
  }
  return out;
}

/** Values for a record-metadata document of that template, with errors in about 1 %. */
export function recordValues(schema: Obj, state = { i: 0 }): Obj {
  const out: Obj = {};
  const props = (schema.properties ?? {}) as Record<string, Obj>;
  for (const [name, p] of Object.entries(props)) {
    const bad = ++state.i % 100 === 0;
    if (p.type === 'object') out[name] = recordValues(p, state);
    else if (p.type === 'array') out[name] = ((p.prefixItems as Obj[]) ?? []).map((x) => sample(x, false));
    else out[name] = sample(p, bad);
  }
  return out;
}

function sample(p: Obj, bad: boolean): unknown {
  if (bad) return p.type === 'string' ? 42 : 'wrong';
  if (p.default !== undefined) return p.default;
  return { string: 'x', integer: 1, number: 1.5, boolean: true }[p.type as string] ?? null;
}

/** The template document of the benchmarks: `n` extras, flat or nested. */
export function benchTemplate(n: number, nested: boolean): Obj & { type: string; data: Obj[] } {
  return { identifier: 'bench', title: 'Benchmark', description: 'Generated.', visibility: 'private', type: 'extras', data: extras(n, nested) };
}
