// The validation engine (ajv, the schemas, the rules: about half of the extension's code) loads
// on first use — a document opened, a save — not at activation. In the shipped bundle this
// import() is its own file (dist/lazy/validation.js, see esbuild.js); in tests it is bundled
// inline. Only this file may import the engine at runtime from outside src/validation. The
// engine's copy of src/ui/l10n.ts translates with the translator activate() installs: that one
// is process-wide (src/ui/processWide.ts).
import type * as Validation from './index';

export type ValidationEngine = typeof Validation;

let loaded: ValidationEngine | undefined;
let loading: Promise<ValidationEngine> | undefined;

export function loadValidation(): Promise<ValidationEngine> {
  return (loading ??= import('./index.js').then((m) => (loaded = m)));
}

/** The engine if it is loaded already; undefined before the first loadValidation() resolved. */
export function validationIfLoaded(): ValidationEngine | undefined {
  return loaded;
}
