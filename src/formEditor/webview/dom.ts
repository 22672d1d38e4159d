// Small DOM helpers of the form editor's webview (runs in the browser, no VS Code API).
import type { JsonPath } from '../../validation/types';
import type { FormProblem } from '../protocol';

type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** An element with attributes (`on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') (el as HTMLInputElement).value = String(v);
    else if (k === 'checked') (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** `{0}`, `{1}`… filled in (the strings come translated from the extension host). */
export function format(message: string, ...args: (string | number)[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

export const pathKey = (path: JsonPath): string => JSON.stringify(path);

/** A value as a text input shows it: strings as they are, anything else as JSON. */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** What a number input's text means: empty → null, a number → the number, else the text itself (the validation says why). */
export function parseNumber(text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}

/** The messages under a field; `onReveal` shows the place in the text. */
export function problemList(id: string, problems: FormProblem[], onReveal?: (p: FormProblem) => void): HTMLElement {
  const list = h('ul', { class: 'problems', id });
  for (const p of problems) {
    const label = h('span', {}, p.message);
    const item = onReveal
      ? h('li', { class: `problem ${p.severity}` }, h('button', { class: 'link', type: 'button', title: p.message, onclick: () => onReveal(p) }, label))
      : h('li', { class: `problem ${p.severity}` }, label);
    list.append(item);
  }
  return list;
}
