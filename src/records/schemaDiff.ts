// Where two JSON Schemas differ, as short lines for the log: used to compare the schema the
// extension derives from a template with the server's export (a difference means the server
// runs a Kadi4Mat version whose export differs from the one the extension implements). No `vscode`.

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** "properties.force.minimum: ours 0, server (absent)" lines, at most `max` (then "… and N more"). */
export function schemaDifferences(ours: unknown, server: unknown, max = 20): string[] {
  const out: string[] = [];
  let total = 0;
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`));
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    total++;
    if (out.length < max) out.push(`${path || '(schema)'}: ours ${show(a)}, server ${show(b)}`);
  };
  walk(ours, server, '');
  if (total > out.length) out.push(`… and ${total - out.length} more`); // l10n: not user-facing (the differences go to the log)
  return out;
}
