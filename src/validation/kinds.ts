// The kinds of JSON values as bits, for the checkers that test a value's type by a mask
// (fastCheck.ts, kadiRecordCheck.ts). ajv with strictNumbers: "number" is finite, "integer"
// finite and whole; ±Infinity and NaN are no number.
export const NULL = 1;
export const BOOL = 2;
export const INT = 4;
export const FRACTION = 8;
export const STRING = 16;
export const ARRAY = 32;
export const OBJECT = 64;
export const NON_FINITE = 128;

/** The kinds a JSON Schema `type` name allows. */
export const TYPE_BITS: Readonly<Record<string, number>> = {
  null: NULL,
  boolean: BOOL,
  integer: INT,
  number: INT | FRACTION,
  string: STRING,
  array: ARRAY,
  object: OBJECT,
};

export function kind(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return STRING;
    case 'number':
      return v - v !== 0 ? NON_FINITE : v % 1 === 0 ? INT : FRACTION;
    case 'boolean':
      return BOOL;
    case 'object':
      return v === null ? NULL : Array.isArray(v) ? ARRAY : OBJECT;
    default:
      return 0; // undefined, functions: no JSON type
  }
}
