// Process-wide settings and identities. The shipped extension is several bundles (dist/extension.js
// and the lazy chunks in dist/lazy, esbuild.js LAZY_CHUNKS), and every bundle has its own copy of
// the modules it uses: module-level state set in one copy (the translator activate() installs, the
// date locale) would not be seen by the others. What must be one per process lives on globalThis
// under a registered symbol (Symbol.for: the same in every copy) — made once, by whichever copy
// asks first. Classes whose `instanceof` crosses bundles (KadiError thrown by the extension's
// client, checked in a chunk) recognise each other's instances by a brand of the same kind.

/** The one `name` object of the process (made by `init` on the first call). */
export function processWide<T extends object>(name: string, init: () => T): T {
  const key = Symbol.for(`kadi4mat.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= init());
}

/**
 * Makes `instanceof cls` true for instances of `cls` made by any bundle's copy of it (a brand on
 * the prototype, checked by Symbol.hasInstance). Subclasses keep the ordinary check.
 */
export function brandClass(cls: abstract new (...args: never[]) => object, name: string): void {
  const brand = Symbol.for(`kadi4mat.class.${name}`);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, v: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, v);
      return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[brand] === true;
    },
  });
}
