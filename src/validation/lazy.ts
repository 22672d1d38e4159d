// The validation engine (ajv, the schemas, the rules: about half of the extension's code) loads
// on first use — a document opened, a save — not at activation. In the shipped bundle this
// import() is its own file (dist/lazy/validation.js, see esbuild.js); in tests it is bundled
// inline. Only this file may import the engine at runtime from outside src/validation. The
// engine's copy of src/ui/l10n.ts translates with the translator activate() installs: that one
// is process-wide (src/ui/processWide.ts).
import { processWide } from '../ui/processWide';
import type * as Validation from './index';

export type ValidationEngine = typeof Validation;

// One per process: the lazy chunks that use the engine (the form, the assistant) have their own
// copy of this file, and see the engine the extension loaded already.
const state = processWide<{ loaded?: ValidationEngine; loading?: Promise<ValidationEngine> }>('validation', () => ({}));

export function loadValidation(): Promise<ValidationEngine> {
  return (state.loading ??= import('./index.js').then((m) => (state.loaded = m)));
}

/** The engine if it is loaded already; undefined before the first loadValidation() resolved. */
export function validationIfLoaded(): ValidationEngine | undefined {
  return state.loaded;
}
