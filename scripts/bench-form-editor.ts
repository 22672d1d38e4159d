// `npm run bench:form-editor`: what the template form costs in the extension host for each
// text change and each form action, at 100, 1,000 and 10,000 extras (flat; every 10th a dict
// of three). Medians of repeated runs after warm-up; not a test. Printed:
//   model      buildModel (JSON.parse + the form tree)
//   problems   validateTemplateText (the same pass the editor's diagnostics make)
//   preview    deriveRecordSchema (the record form)
//   set/add/move/duplicate   editFor: one form action → its one minimal text edit
//   message    JSON size of the model message sent to the webview
import { performance } from 'node:perf_hooks';
import { editFor, type FormAction } from '../src/formEditor/edits';
import { buildModel } from '../src/formEditor/model';
import { renderDocument } from '../src/kadi/document';
import type { Extra } from '../src/kadi/types';
import { deriveRecordSchema, validateTemplateText } from '../src/validation';

function template(n: number): string {
  const data: Extra[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) {
      data.push({ key: `group_${i}`, type: 'dict', value: [
        { key: 'a', type: 'float', value: 1.5, unit: 'mm' },
        { key: 'b', type: 'str', value: 'x', validation: { options: ['x', 'y'] } },
        { key: 'c', type: 'bool', value: null },
      ] } as Extra);
    } else {
      data.push({ key: `value_${i}`, type: 'float', value: i, unit: 'N', description: 'A measured value', validation: { required: i % 3 === 0, range: { min: 0, max: 1e6 } } } as Extra);
    }
  }
  return renderDocument({ identifier: 'bench', title: 'Bench', description: '', visibility: 'private', type: 'extras', data });
}

function median(fn: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(5, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const rows: string[][] = [];
for (const n of [100, 1_000, 10_000]) {
  const text = template(n);
  const runs = n >= 10_000 ? 9 : 31;
  const last = n - 2; // a float entry near the end: the edits have the most text before them
  const actions: Record<string, FormAction> = {
    set: { kind: 'set', path: ['data', last, 'validation', 'range', 'max'], value: 500 },
    add: { kind: 'add', parent: ['data'] },
    move: { kind: 'move', path: ['data', last], by: -1 },
    duplicate: { kind: 'duplicate', path: ['data', last] },
  };
  const model = buildModel(text);
  const problems = validateTemplateText(text);
  const row = [
    n.toLocaleString('en'),
    `${(text.length / 1024).toFixed(0)} KB`,
    median(() => buildModel(text), runs).toFixed(2),
    median(() => validateTemplateText(text), runs).toFixed(2),
    median(() => deriveRecordSchema({ type: 'extras', data: JSON.parse(text).data }), runs).toFixed(2),
    ...Object.values(actions).map((a) => median(() => editFor(text, a), runs).toFixed(2)),
    `${(JSON.stringify({ type: 'model', model, problems }).length / 1024).toFixed(0)} KB`,
  ];
  // Each edit really is one small span.
  const e = editFor(text, actions.set)!;
  if (e.length > 7 || !/"max": 500\n/.test(text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length))) throw new Error(`unexpected edit ${JSON.stringify(e)}`);
  rows.push(row);
}

const head = ['extras', 'text', 'model ms', 'problems ms', 'preview ms', 'set ms', 'add ms', 'move ms', 'duplicate ms', 'message'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
