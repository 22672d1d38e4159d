// Prompts that delegate to a replaceable implementation, so host tests can answer a command's
// questions with scripted prompts after activation (the extension's one `usePrompts`). No `vscode` import.
import type { Prompts } from './prompts';

export interface SwappablePrompts {
  prompts: Prompts;
  /** undefined = back to the real UI. */
  use(p: Prompts | undefined): void;
}

export function swappablePrompts(real: Prompts): SwappablePrompts {
  let current = real;
  return {
    prompts: {
      pick: (i, o) => current.pick(i, o),
      pickDynamic: (s, o) => current.pickDynamic(s, o),
      input: (o) => current.input(o),
      warn: (m, o, ...b) => current.warn(m, o, ...b),
      info: (m, ...b) => current.info(m, ...b),
      error: (m, ...b) => current.error(m, ...b),
      status: (m, a) => current.status(m, a),
    },
    use: (p) => {
      current = p ?? real;
    },
  };
}
