// Problems (paths) → diagnostics (text ranges) in one scan of the text, quick fixes included.
import { Locator, type Located, type Span } from './locate';
import type { FixPlan, Problem } from './problems';
import type { Diagnostic, QuickFix, TextEdit } from './types';

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Errors before warnings before infos, each in the order found; at most `max`. */
export function capProblems(problems: Problem[], max: number): Problem[] {
  const bySeverity: Problem[][] = [[], [], []];
  for (const p of problems) bySeverity[RANK[p.severity]].push(p);
  return bySeverity.flat().slice(0, max);
}

function isContainer(text: string, span: Span): boolean {
  const c = text.charCodeAt(span.offset);
  return c === 123 || c === 91;
}

/** Where a diagnostic on `node` is shown: never a whole multi-line object or array. */
function mark(text: string, node: Located, anchor: Problem['anchor'], missing: number): Span {
  if ((anchor === 'key' || missing > 0 || isContainer(text, node.value)) && node.key) return node.key;
  if (isContainer(text, node.value)) return { offset: node.value.offset, length: 1 };
  return node.value;
}

function edits(text: string, loc: Locator, plan: FixPlan): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const op of plan.ops) {
    const path = op.op === 'copy' ? op.to : op.path;
    const at = loc.get(path);
    if (at.missing) return undefined;
    if (op.op === 'remove') out.push({ ...at.node.remove, newText: '' });
    else if (op.op === 'replace') out.push({ ...at.node.value, newText: op.text });
    else {
      const from = loc.get(op.from);
      if (from.missing) return undefined;
      out.push({ ...at.node.value, newText: text.substr(from.node.value.offset, from.node.value.length) });
    }
  }
  return out;
}

export function resolveProblems(text: string, problems: Problem[]): Diagnostic[] {
  if (problems.length === 0) return [];
  const loc = new Locator(text);
  for (const p of problems) {
    loc.want(p.path);
    for (const op of p.fix?.ops ?? []) {
      if (op.op === 'copy') {
        loc.want(op.from);
        loc.want(op.to);
      } else loc.want(op.path);
    }
  }
  loc.run();
  const out = problems.map((p): Diagnostic => {
    const { node, missing } = loc.get(p.path);
    const span = mark(text, node, p.anchor, missing);
    const d: Diagnostic = { offset: span.offset, length: span.length, message: p.message, severity: p.severity, code: p.code, path: p.path };
    const e = p.fix && edits(text, loc, p.fix);
    if (e) d.fix = { title: p.fix!.title, edits: e } satisfies QuickFix;
    return d;
  });
  return out.sort((a, b) => a.offset - b.offset || RANK[a.severity] - RANK[b.severity]);
}
