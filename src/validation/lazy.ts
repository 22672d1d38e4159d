// The validation engine (ajv, the schemas, the rules: about half of the extension's code) loads
// on first use — a document opened, a save — not at activation. In the shipped bundle this
// import() is its own file (dist/lazy/validation.js, see esbuild.js); in tests it is bundled
// inline. Only this file may import the engine at runtime from outside src/validation.
import * as l10n from '../ui/l10n';
import type * as Validation from './index';

export type ValidationEngine = typeof Validation;

let loaded: ValidationEngine | undefined;
let loading: Promise<ValidationEngine> | undefined;

export function loadValidation(): Promise<ValidationEngine> {
  return (loading ??= import('./index.js').then((m) => (loaded = shareTranslation(m))));
}

/** The engine if it is loaded already; undefined before the first loadValidation() resolved. */
export function validationIfLoaded(): ValidationEngine | undefined {
  return loaded;
}

/**
 * The shipped engine is a bundle of its own, with its own copy of src/ui/l10n.ts: the translator
 * activate() installs reaches only the extension's copy. The engine's copy is pointed at this
 * one's `t` (which always asks the extension's current translator). Bundled inline (tests, the
 * CLI) both are one module, and nothing is to be done.
 */
export function shareTranslation(engine: ValidationEngine): ValidationEngine {
  if (engine.useTranslator !== l10n.useTranslator) engine.useTranslator(l10n.t);
  return engine;
}
