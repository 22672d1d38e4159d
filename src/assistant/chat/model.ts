// What the chat orchestration needs of a language model: send messages, get the whole answer.
// The VS Code glue adapts the model the user picked (request.model); tests script one.
// No `vscode` import.

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatModel {
  /** The complete answer text to `messages`. */
  send(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<string>;
}

/** The JSON document in a model's answer: the last ```json block, else the outermost {…}. */
export function extractJson(answer: string): string | undefined {
  const fences = [...answer.matchAll(/```(?:json|jsonc)?\s*\n([\s\S]*?)```/g)].map((m) => m[1].trim());
  const candidates = fences.length ? fences.reverse() : [];
  const first = answer.indexOf('{');
  const last = answer.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(answer.slice(first, last + 1));
  for (const c of candidates) {
    try {
      if (JSON.parse(c) && typeof JSON.parse(c) === 'object') return `${c}\n`;
    } catch {
      /* try the next candidate */
    }
  }
  return undefined;
}
