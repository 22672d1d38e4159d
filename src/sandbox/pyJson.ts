// Request bodies read as Python's json reads them, where that matters. JSON.parse makes `5.0`
// and `1e3` the numbers 5 and 1000, but Kadi4Mat (Python json + marshmallow) gets floats and
// refuses them for an `int` extra's value, range bounds and options ("Not a valid integer.").
// So after JSON.parse the literals that are whole numbers written with a fraction or an
// exponent are remembered per container (object or array → its keys), and the extras rules ask
// `writtenAsFloat`. Everything else reads numbers as before (ids use Python's int(): 1.0 → 1).
import { visit } from 'jsonc-parser';

/** Containers of the parsed values → keys (array indices as strings) whose number was written as a float. */
const floats = new WeakMap<object, Set<string>>();

/** A whole number may be written as a float somewhere (`5.0`, `1.5e1`): only then is the text scanned. */
const CANDIDATE = /\d\.0*(?![0-9])|\d[eE][+-]?\d/;

const isContainer = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The value at `path` inside `root` (own keys only), or undefined. */
function at(root: unknown, path: readonly (string | number)[], end: number): unknown {
  let v = root;
  for (let i = 0; i < end; i++) {
    if (!isContainer(v) || !Object.prototype.hasOwnProperty.call(v, path[i])) return undefined;
    v = v[path[i]];
  }
  return v;
}

/** JSON.parse (throws as it does), remembering the whole numbers written as floats. */
export function parsePyJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!isContainer(value) || !CANDIDATE.test(text)) return value;
  visit(text, {
    onLiteralValue(literal: unknown, offset, length, _line, _char, pathSupplier) {
      if (typeof literal !== 'number' || !Number.isInteger(literal)) return;
      const path = pathSupplier();
      if (path.length === 0) return;
      const container = at(value, path, path.length - 1);
      if (!isContainer(container)) return;
      const key = String(path[path.length - 1]);
      // A duplicate key: the last literal wins, as in both parsers.
      if (/[.eE]/.test(text.substr(offset, length))) {
        let keys = floats.get(container);
        if (!keys) floats.set(container, (keys = new Set()));
        keys.add(key);
      } else floats.get(container)?.delete(key);
    },
  });
  return value;
}

/** Whether `container[key]` is a whole number that the request body wrote as a float (`5.0`, `1e3`). */
export function writtenAsFloat(container: object, key: string | number): boolean {
  return typeof (container as Record<string | number, unknown>)[key] === 'number' && floats.get(container)?.has(String(key)) === true;
}
