// The record preview: the form a person creating a record from this template fills in, drawn
// from the JSON Schema Kadi4Mat would export (deriveRecordSchema, in the extension host). The
// sample values typed here are sent back and validated there (validateRecordText); a value the
// person has not filled in is left out of the record, as it would be.
import type { JsonPath } from '../../validation/types';
import type { FormProblem } from '../protocol';
import { asText, format, h, parseNumber, pathKey, problemList } from './dom';

type Schema = Record<string, unknown>;

export interface PreviewHost {
  S: Record<string, string>;
  sampleChanged(text: string): void;
  save(text: string): void;
}

/** A record with the defaults of `schema` (only values the template sets; nothing invented). */
export function defaults(schema: Schema): unknown {
  if ('default' in schema) return structuredClone(schema.default);
  if (schema.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      const v = defaults(sub);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (schema.type === 'array') return ((schema.prefixItems ?? []) as Schema[]).map((s) => defaults(s) ?? null);
  return undefined;
}

/** Keeps what was typed where the new schema still has a place of the same kind. */
function merge(fresh: unknown, typed: unknown): unknown {
  if (typed === undefined) return fresh;
  if (fresh && typeof fresh === 'object' && !Array.isArray(fresh) && typed && typeof typed === 'object' && !Array.isArray(typed)) {
    const out: Record<string, unknown> = { ...(fresh as Record<string, unknown>) };
    for (const [k, v] of Object.entries(typed)) if (k in out || v !== undefined) out[k] = merge(out[k], v);
    return out;
  }
  if (Array.isArray(fresh) && Array.isArray(typed)) return fresh.map((f, i) => merge(f, typed[i]));
  return typeof fresh === typeof typed || fresh === undefined ? typed : fresh;
}

export class RecordPreview {
  private schema: Schema = {};
  private sample: Record<string, unknown> = {};
  private problems = new Map<string, FormProblem[]>();
  private all: FormProblem[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: PreviewHost, private readonly root: HTMLElement) {}

  setSchema(schema: Schema): void {
    const fresh = (defaults(schema) ?? {}) as Record<string, unknown>;
    this.schema = schema;
    // Values typed for properties that still exist stay; removed properties go.
    const kept = merge(fresh, this.sample) as Record<string, unknown>;
    for (const k of Object.keys(kept)) if (!(k in ((schema.properties ?? {}) as object))) delete kept[k];
    this.sample = kept;
    this.render();
    this.host.sampleChanged(this.text());
  }

  setProblems(problems: FormProblem[]): void {
    this.all = problems;
    this.problems = new Map();
    for (const p of problems) {
      const key = pathKey(p.path);
      this.problems.set(key, [...(this.problems.get(key) ?? []), p]);
    }
    this.render();
  }

  text(): string {
    return JSON.stringify(this.sample, null, 2) + '\n';
  }

  private render(): void {
    const { S } = this.host;
    const active = document.activeElement as HTMLInputElement | null;
    const focused = active?.id;
    const selection = active && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : undefined;
    const props = (this.schema.properties ?? {}) as Record<string, Schema>;
    const status = this.all.length ? format(S.sampleProblems, this.all.length) : S.sampleOk;
    const body = Object.keys(props).length
      ? this.object(this.schema, [], this.sample)
      : h('p', { class: 'hint' }, S.previewEmpty);
    // Missing required values are shown at their property (missing()), not again here.
    const rootProblems = (this.problems.get(pathKey([])) ?? []).filter((p) => p.code !== 'required');
    this.root.replaceChildren(
      h('h2', { id: 'preview-heading' }, S.preview),
      h('p', { class: 'hint' }, S.previewHint),
      h('p', { class: `status ${this.all.length ? 'bad' : 'good'}`, role: 'status', 'aria-live': 'polite' }, status),
      rootProblems.length ? problemList('sp:root', rootProblems) : '',
      body,
      h('button', { type: 'button', class: 'secondary', onclick: () => this.host.save(this.text()) }, S.saveSample),
    );
    const again = focused ? (document.getElementById(focused) as HTMLInputElement | null) : null;
    if (again && again !== active) {
      again.focus();
      if (selection && again.setSelectionRange && selection[0] !== null) again.setSelectionRange(selection[0], selection[1]);
    }
  }

  private object(schema: Schema, path: JsonPath, value: unknown): HTMLElement {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const order = Array.isArray(schema.propertiesOrder) ? (schema.propertiesOrder as string[]) : Object.keys(props);
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const box = h('div', { class: 'record-fields' });
    const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    for (const name of order) if (props[name]) box.append(this.property(name, props[name], [...path, name], obj[name], required.has(name)));
    return box;
  }

  private property(label: string, schema: Schema, path: JsonPath, value: unknown, required: boolean): HTMLElement {
    const { S } = this.host;
    const key = pathKey(path);
    const own = this.problems.get(key) ?? [];
    // An object's "Missing data for required field" problems belong to its properties.
    const problems = [...(schema.type === 'object' ? own.filter((p) => p.code !== 'required') : own), ...this.missing(path)];
    const describedBy = problems.length ? `sp:${key}` : undefined;
    const id = `s:${key}`;
    const labelEl = h('label', { for: id }, label, required ? h('span', { class: 'required-mark', 'aria-label': S.requiredMark, title: S.requiredMark }, ' *') : undefined);
    const hints: string[] = [];
    if (typeof schema.description === 'string' && schema.description) hints.push(schema.description);
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    if (min !== undefined && max !== undefined) hints.push(format(S.between, min, max));
    else if (min !== undefined) hints.push(format(S.atLeast, min));
    else if (max !== undefined) hints.push(format(S.atMost, max));
    const unit = schema.unit && typeof (schema.unit as Schema).default === 'string' ? ((schema.unit as Schema).default as string) : undefined;
    const hint = hints.length ? h('div', { class: 'hint', id: `sh:${key}` }, hints.join(' · ')) : undefined;
    const described = [describedBy, hint ? `sh:${key}` : undefined].filter(Boolean).join(' ') || undefined;
    const list = problems.length ? problemList(`sp:${key}`, problems) : undefined;
    if (schema.type === 'object') {
      return h('fieldset', { class: 'record-group' }, h('legend', {}, label, required ? ' *' : ''), hint, list, this.object(schema, path, value));
    }
    if (schema.type === 'array') {
      const items = (schema.prefixItems ?? []) as Schema[];
      const arr = Array.isArray(value) ? value : [];
      return h('fieldset', { class: 'record-group' }, h('legend', {}, label, required ? ' *' : ''), hint, list,
        ...items.map((s, i) => this.property(format(S.listItem, i + 1), s, [...path, i], arr[i], false)));
    }
    const control = this.control(id, schema, path, value, required, described);
    if (problems.some((p) => p.severity === 'error')) control.setAttribute('aria-invalid', 'true');
    return h('div', { class: 'field' }, labelEl, h('div', { class: 'with-unit' }, control, unit ? h('span', { class: 'unit' }, unit) : undefined), hint, list);
  }

  /** "Missing data for required field." sits at the object; shown at the property it names. */
  private missing(path: JsonPath): FormProblem[] {
    const parent = this.problems.get(pathKey(path.slice(0, -1))) ?? [];
    return parent.filter((p) => p.code === 'required' && p.message.includes(String(path[path.length - 1])));
  }

  private control(id: string, schema: Schema, path: JsonPath, value: unknown, required: boolean, described?: string): HTMLElement {
    const { S } = this.host;
    const common = { id, 'aria-describedby': described, 'aria-required': required ? 'true' : undefined };
    if (Array.isArray(schema.enum)) {
      const sel = h('select', { ...common, onchange: (e) => this.set(path, (schema.enum as unknown[])[Number((e.target as HTMLSelectElement).value)] ?? undefined) },
        h('option', { value: '-1' }, S.choose), ...(schema.enum as unknown[]).map((o, i) => h('option', { value: String(i) }, asText(o))));
      sel.value = String((schema.enum as unknown[]).findIndex((o) => o === value));
      return sel;
    }
    if (schema.type === 'boolean') {
      const sel = h('select', { ...common, onchange: (e) => { const v = (e.target as HTMLSelectElement).value; this.set(path, v === '' ? undefined : v === 'true'); } },
        h('option', { value: '' }, S.choose), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
      sel.value = value === true ? 'true' : value === false ? 'false' : '';
      return sel;
    }
    const numeric = schema.type === 'integer' || schema.type === 'number';
    const input = h('input', { ...common, type: 'text', inputmode: numeric ? 'decimal' : undefined, placeholder: schema.format === 'date-time' ? S.datePlaceholder : undefined });
    input.value = asText(value);
    input.addEventListener('input', () => {
      const t = input.value;
      this.set(path, t === '' ? undefined : numeric ? parseNumber(t) : t, false);
    });
    return input;
  }

  /** Records the value (undefined = left empty) and asks for a check after a short pause. */
  private set(path: JsonPath, value: unknown, redraw = true): void {
    let node = this.sample as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) {
      if (node[seg] === undefined || node[seg] === null || typeof node[seg] !== 'object') node[seg] = typeof seg === 'number' ? [] : {};
      node = node[seg] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = value === undefined ? null : value;
    if (redraw) this.render();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.host.sampleChanged(this.text()), 150);
  }
}
