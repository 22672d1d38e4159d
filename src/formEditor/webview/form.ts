// The template form: header fields and the extras tree. Rows start collapsed in large templates
// (a row's fields are built only when it is expanded) and long lists are shown 200 at a time,
// so a 1,000-extra template draws about as fast as a small one.
import type { JsonPath } from '../../validation/types';
import type { FormAction } from '../edits';
import type { ExtraNode, FormModel } from '../model';
import { destination, dropRelocation, intoAbove, outOfParent, relocated, type DropZone, type Relocation } from '../paths';
import type { FormProblem } from '../protocol';
import { asText, format, h, parseNumber, pathKey, problemList } from './dom';

const TYPES = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'];
const PAGE = 200;
/** Templates with at most this many extras open with every row expanded. */
const EXPAND_ALL_UP_TO = 30;

export interface FormHost {
  S: Record<string, string>;
  readonly: boolean;
  act(action: FormAction): void;
  reveal(p: FormProblem): void;
  /** Draw the form again from the last model (after expanding or collapsing a row). */
  rerender(): void;
}

export class TemplateForm {
  private expanded = new Set<string>();
  private readonly shown = new Map<string, number>();
  private firstModel = true;
  /** Problems by the path of the field that shows them. */
  private byPath = new Map<string, FormProblem[]>();
  /** Where problems whose field is not drawn are counted: the entries, by path. */
  private entryProblems = new Map<string, FormProblem[]>();
  /** Paths whose problems a field shows (the rest are listed at their entry). */
  private consumed = new Set<string>();
  /** Set after "Add": the key field of the new entry gets the focus. */
  focusNext?: string;
  /** The entry being dragged (drag and drop within the extras tree). */
  private dragging?: JsonPath;
  /** Each drawn row's moves into the entry above / out of its parent (for Alt+→ / Alt+←). */
  private rowMoves = new Map<string, { into?: Relocation; out?: Relocation }>();

  constructor(private readonly host: FormHost) {}

  render(root: HTMLElement, model: FormModel, problems: FormProblem[]): void {
    const { S } = this.host;
    if (this.firstModel && model.count <= EXPAND_ALL_UP_TO) this.expandAll(model.extras);
    this.firstModel = false;
    this.rowMoves = new Map();
    this.index(model, problems);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    // Closed by default: opening it by itself would shift the form under the person's cursor.
    const summary = h('details', { class: 'summary' },
      h('summary', { 'aria-live': 'polite' }, problems.length ? format(S.problems, errors, warnings) : S.noProblems),
      problemList('problems-all', problems.slice(0, 100).map((p) => ({ ...p, message: `${pathLabel(p.path)}: ${p.message}` })), this.host.reveal),
    );
    const header = h('fieldset', { class: 'header' }, h('legend', {}, S.template),
      this.text(['title'], S.title, model.title),
      this.text(['identifier'], S.identifier, model.identifier),
      this.text(['description'], S.description, model.description, { multiline: true }),
      this.select(['visibility'], S.visibility, model.visibility, [['private', S.private], ['public', S.public]], (v) => ({ kind: 'set', path: ['visibility'], value: v })),
      model.type === 'record' ? this.text(['data', 'license'], S.license, model.license, { empty: null }) : undefined,
      h('div', { class: 'field' }, h('span', { class: 'label', id: 'type-label' }, S.type), h('span', { class: 'readonly', 'aria-labelledby': 'type-label' }, model.type === 'record' ? S.typeRecord : S.typeExtras)),
    );
    const extras = h('section', { class: 'extras', 'aria-labelledby': 'extras-heading' },
      h('h2', { id: 'extras-heading' }, S.extras, ' ', h('span', { class: 'count' }, format(S.extrasCount, model.count))),
      this.list(model.extras, model.extrasPath),
      this.button(S.addExtra, '+ ' + S.addExtra, () => this.add(model.extrasPath, model.extras.length), 'primary'),
    );
    root.replaceChildren(summary, header, extras);
  }

  private expandAll(nodes: ExtraNode[]): void {
    for (const n of nodes) {
      this.expanded.add(pathKey(n.path));
      if (n.children) this.expandAll(n.children);
    }
  }

  /** Attaches each problem to the deepest field or entry that will be drawn. */
  private index(model: FormModel, problems: FormProblem[]): void {
    this.byPath = new Map();
    this.entryProblems = new Map();
    this.consumed = new Set();
    const entries = new Set<string>();
    const walk = (nodes: ExtraNode[]) => nodes.forEach((n) => (entries.add(pathKey(n.path)), n.children && walk(n.children)));
    walk(model.extras);
    for (const p of problems) {
      this.push(this.byPath, pathKey(p.path), p);
      for (let i = p.path.length; i > 0; i--) {
        const key = pathKey(p.path.slice(0, i));
        if (entries.has(key)) {
          this.push(this.entryProblems, key, p);
          break;
        }
      }
    }
  }

  private push(map: Map<string, FormProblem[]>, key: string, p: FormProblem): void {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  }

  private list(nodes: ExtraNode[], parent: JsonPath, owner?: ExtraNode): HTMLElement {
    const key = pathKey(parent);
    const limit = this.shown.get(key) ?? PAGE;
    const ul = h('ul', { class: 'entries', role: 'list' });
    for (const n of nodes.slice(0, limit)) ul.append(this.entry(n, nodes, owner));
    if (nodes.length > limit) {
      const rest = nodes.length - limit;
      ul.append(h('li', {}, this.button(format(this.host.S.showMore, Math.min(rest, PAGE)), format(this.host.S.showMore, Math.min(rest, PAGE)), (e) => {
        this.shown.set(key, limit + PAGE);
        (e.target as HTMLElement).closest('li')?.replaceWith(...[...this.list(nodes, parent, owner).children].slice(limit));
      })));
    }
    return ul;
  }

  /** What a row is called: its key, or "item 3" inside a list. */
  private nameOf(n: ExtraNode): string {
    const { S } = this.host;
    return n.inList ? format(S.listItem, (n.path[n.path.length - 1] as number) + 1) : typeof n.key === 'string' && n.key ? n.key : S.unnamed;
  }

  private entry(n: ExtraNode, nodes: ExtraNode[], owner: ExtraNode | undefined): HTMLElement {
    const { S } = this.host;
    const key = pathKey(n.path);
    const open = this.expanded.has(key);
    const index = n.path[n.path.length - 1] as number;
    const siblings = nodes.length;
    const name = this.nameOf(n);
    const problems = this.entryProblems.get(key) ?? [];
    const errors = problems.filter((p) => p.severity === 'error').length;
    const summaryValue = n.children ? `[${n.children.length}]` : asText(n.value);
    const toggle = h('button', { type: 'button', class: 'toggle', id: `toggle:${key}`, 'aria-expanded': String(open), 'aria-label': format(S.expand, name),
      onclick: () => { if (open) this.expanded.delete(key); else this.expanded.add(key); this.host.rerender(); } },
      h('span', { class: `chevron codicon codicon-chevron-${open ? 'down' : 'right'}`, 'aria-hidden': 'true' }),
      h('span', { class: 'name' }, name), h('span', { class: 'type' }, asText(n.type)),
      summaryValue && !open ? h('span', { class: 'summary-value' }, summaryValue.length > 40 ? summaryValue.slice(0, 40) + '…' : summaryValue) : undefined,
      n.validation?.required === true ? h('span', { class: 'required-mark', title: S.required }, '*') : undefined,
      errors ? h('span', { class: 'badge error' }, String(errors)) : problems.length ? h('span', { class: 'badge warning' }, String(problems.length)) : undefined,
    );
    const canMove = (by: -1 | 1) => (by < 0 ? index > 0 : index < siblings - 1);
    // Into the dict/list above (its last child), out of the one it is in (right after it).
    const above = index > 0 ? nodes[index - 1] : undefined;
    const into = intoAbove(n.path, above);
    const out = owner && outOfParent(n.path);
    this.rowMoves.set(key, { into, out });
    const hasKey = !n.inList;
    const intoLabel = !into || !above ? format(S.moveIntoNone, name)
      : above.type === 'list' ? this.keyNote(format(S.moveIntoList, name, this.nameOf(above)), hasKey ? 'dropped' : undefined)
      : this.keyNote(format(S.moveIntoDict, name, this.nameOf(above)), hasKey ? undefined : 'given');
    const outLabel = !out || !owner ? format(S.moveOutNone, name)
      : this.keyNote(format(S.moveOut, name, this.nameOf(owner)), owner.inList ? (hasKey ? 'dropped' : undefined) : hasKey ? undefined : 'given');
    // Keyboard: Alt+↑/↓ on a row moves it (like Alt+↑/↓ moves a line in the text editor);
    // Alt+→/← come as commands from the host (keybindings.json can change them; see keyMove).
    toggle.setAttribute('aria-keyshortcuts', 'Alt+ArrowUp Alt+ArrowDown Alt+ArrowRight Alt+ArrowLeft');
    toggle.addEventListener('keydown', (e) => {
      const by = e.altKey && e.key === 'ArrowUp' ? -1 : e.altKey && e.key === 'ArrowDown' ? 1 : 0;
      if (!by || this.host.readonly) return;
      e.preventDefault();
      if (canMove(by)) this.move(n.path, by, 'toggle', siblings);
    });
    const tools = this.host.readonly ? undefined : h('span', { class: 'tools' },
      this.iconButton('arrow-up', format(S.moveUp, name), () => this.move(n.path, -1, 'arrow-up', siblings), !canMove(-1), `arrow-up:${key}`),
      this.iconButton('arrow-down', format(S.moveDown, name), () => this.move(n.path, 1, 'arrow-down', siblings), !canMove(1), `arrow-down:${key}`),
      this.iconButton('arrow-right', intoLabel, () => into && this.relocate(into), !into, `arrow-right:${key}`),
      this.iconButton('arrow-left', outLabel, () => out && this.relocate(out), !out, `arrow-left:${key}`),
      this.iconButton('copy', format(S.duplicate, name), () => this.host.act({ kind: 'duplicate', path: n.path }), false, `copy:${key}`),
      this.iconButton('trash', format(S.remove, name), () => this.host.act({ kind: 'remove', path: n.path }), false, `trash:${key}`),
    );
    const row = h('div', { class: 'row', draggable: this.host.readonly ? undefined : 'true' }, toggle, tools);
    const li = h('li', { class: `entry${open ? ' open' : ''}`, 'aria-label': name, 'data-path': key }, row);
    if (!this.host.readonly) this.dragAndDrop(row, li, n);
    if (!open) return li;
    const fields = this.fields(n, name);
    // Problems no field of this entry showed (the entry itself, unknown fields…) go under its row.
    const rest = problems.filter((p) => !this.consumed.has(pathKey(p.path)));
    if (rest.length) li.append(problemList(`p:${key}`, rest, this.host.reveal));
    li.append(fields);
    return li;
  }

  private fields(n: ExtraNode, name: string): HTMLElement {
    const { S } = this.host;
    const p = n.path;
    const type = n.type;
    const box = h('div', { class: 'fields' });
    if (!n.inList) box.append(this.text([...p, 'key'], S.key, n.key));
    box.append(this.select([...p, 'type'], S.type, type, TYPES.map((t) => [t, t]), (v) => ({ kind: 'setType', path: p, type: v })));
    if (!n.children) box.append(this.valueField(n));
    if (type === 'int' || type === 'float' || n.hasUnit) box.append(this.text([...p, 'unit'], S.unit, n.unit, { empty: null }));
    box.append(this.text([...p, 'description'], S.description, n.description, { empty: undefined, multiline: true }));
    box.append(this.text([...p, 'term'], S.term, n.term, { empty: undefined }));
    const v = n.validation ?? {};
    const vp = [...p, 'validation'];
    const validation = h('fieldset', { class: 'validation' }, h('legend', {}, 'validation'),
      this.checkbox([...vp, 'required'], S.required, v.required === true),
    );
    if (type === 'str' || type === 'int' || type === 'float' || v.options !== undefined) validation.append(this.options(n, vp));
    if (type === 'int' || type === 'float' || v.range !== undefined) {
      const rangeKey = pathKey([...vp, 'range']);
      const rangeProblems = this.byPath.get(rangeKey) ?? [];
      this.consumed.add(rangeKey);
      const bounds = h('div', { class: 'range' },
        this.text([...vp, 'range', 'min'], S.rangeMin, v.range?.min, { number: true, also: rangeProblems.length ? `p:${rangeKey}` : undefined }),
        this.text([...vp, 'range', 'max'], S.rangeMax, v.range?.max, { number: true, also: rangeProblems.length ? `p:${rangeKey}` : undefined }));
      // "Minimum … greater than maximum" is about both bounds: both are marked, the message below them.
      if (rangeProblems.some((p) => p.severity === 'error')) for (const el of bounds.querySelectorAll('input')) el.setAttribute('aria-invalid', 'true');
      validation.append(bounds, rangeProblems.length ? problemList(`p:${rangeKey}`, rangeProblems, this.host.reveal) : '');
    }
    if (type === 'str' || v.iri !== undefined) validation.append(this.checkbox([...vp, 'iri'], S.iri, v.iri === true));
    if (type !== 'dict' && type !== 'list') box.append(validation);
    else if (v.required !== undefined) box.append(validation);
    if (n.children) {
      box.append(this.list(n.children, [...p, 'value'], n));
      box.append(this.button(format(S.addChild, name), '+ ' + format(S.addChild, name), () => this.add([...p, 'value'], n.children!.length)));
    }
    return box;
  }

  private valueField(n: ExtraNode): HTMLElement {
    const { S } = this.host;
    const path = [...n.path, 'value'];
    switch (n.type) {
      case 'int':
      case 'float':
        return this.text(path, S.value, n.value, { number: true });
      case 'bool':
        return this.select(path, S.value, n.value === true ? 'true' : n.value === false ? 'false' : '', [['', '—'], ['true', 'true'], ['false', 'false']],
          (v) => ({ kind: 'set', path, value: v === '' ? null : v === 'true' }));
      case 'date':
        // A text field, not <input type="datetime-local">: that one cannot hold the time zone Kadi stores.
        return this.text(path, S.valueUtc, n.value, { empty: null, placeholder: S.datePlaceholder });
      default:
        return this.text(path, S.value, n.value, { empty: null });
    }
  }

  private options(n: ExtraNode, vp: JsonPath): HTMLElement {
    const path = [...vp, 'options'];
    const current = Array.isArray(n.validation?.options) ? n.validation!.options.map(asText).join('\n') : asText(n.validation?.options);
    const numeric = n.type === 'int' || n.type === 'float';
    return this.field(path, this.host.S.options, (id, described) => {
      const area = h('textarea', { id, rows: 3, 'aria-describedby': described, readonly: this.host.readonly, 'data-path': pathKey(path) });
      area.value = current;
      this.onText(area, (text) => {
        const lines = text.split('\n').filter((l) => l.trim() !== '');
        return { kind: 'set', path, value: lines.length ? lines.map((l) => (numeric ? parseNumber(l) : l)) : undefined };
      });
      return area;
    });
  }

  /** A label, the control, and the problems of `path` below it. */
  private field(path: JsonPath, label: string, control: (id: string, describedBy: string | undefined) => HTMLElement, also?: string): HTMLElement {
    const key = pathKey(path);
    const id = `f:${key}`;
    const problems = this.byPath.get(key) ?? [];
    this.consumed.add(key);
    const el = control(id, [problems.length ? `p:${key}` : undefined, also].filter(Boolean).join(' ') || undefined);
    if (problems.some((p) => p.severity === 'error')) el.setAttribute('aria-invalid', 'true');
    return h('div', { class: 'field' }, h('label', { for: id }, label), el, problems.length ? problemList(`p:${key}`, problems, this.host.reveal) : undefined);
  }

  private text(path: JsonPath, label: string, value: unknown, o: { multiline?: boolean; number?: boolean; empty?: null; placeholder?: string; also?: string } = {}): HTMLElement {
    return this.field(path, label, (id, described) => {
      const attrs = { id, 'aria-describedby': described, readonly: this.host.readonly, placeholder: o.placeholder, 'data-path': pathKey(path), spellcheck: 'false' };
      const input = o.multiline ? h('textarea', { ...attrs, rows: 2 }) : h('input', { ...attrs, type: 'text', inputmode: o.number ? 'decimal' : undefined });
      input.value = asText(value);
      this.onText(input, (text) => {
        if (o.number) return { kind: 'set', path, value: parseNumber(text) };
        if (text === '' && 'empty' in o) return { kind: 'set', path, value: o.empty };
        return { kind: 'set', path, value: text };
      });
      return input;
    }, o.also);
  }

  /** Typing is sent after a pause (and at once on Enter or leaving the field). */
  private onText(input: HTMLInputElement | HTMLTextAreaElement, action: (text: string) => FormAction): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      input.removeAttribute('data-pending');
      this.host.act(action(input.value));
    };
    input.addEventListener('input', () => {
      if (timer !== undefined) clearTimeout(timer);
      input.setAttribute('data-pending', '');
      timer = setTimeout(send, 300);
    });
    input.addEventListener('blur', send);
    input.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter' && input.tagName === 'INPUT') send();
    });
  }

  private select(path: JsonPath, label: string, value: unknown, options: string[][], action: (v: string) => FormAction): HTMLElement {
    return this.field(path, label, (id, described) => {
      const sel = h('select', { id, 'aria-describedby': described, disabled: this.host.readonly, 'data-path': pathKey(path), onchange: (e) => this.host.act(action((e.target as HTMLSelectElement).value)) });
      const known = options.some(([v]) => v === value);
      if (!known) sel.append(h('option', { value: asText(value) }, asText(value)));
      for (const [v, text] of options) sel.append(h('option', { value: v }, text));
      sel.value = known ? String(value) : asText(value);
      return sel;
    });
  }

  private checkbox(path: JsonPath, label: string, checked: boolean): HTMLElement {
    const key = pathKey(path);
    const id = `f:${key}`;
    const problems = this.byPath.get(key) ?? [];
    this.consumed.add(key);
    const box = h('input', { type: 'checkbox', id, checked, disabled: this.host.readonly, 'data-path': key,
      onchange: (e) => this.host.act({ kind: 'set', path, value: (e.target as HTMLInputElement).checked ? true : undefined }) });
    return h('div', { class: 'field check' }, box, h('label', { for: id }, label), problems.length ? problemList(`p:${key}`, problems, this.host.reveal) : undefined);
  }

  /** Moves an entry; its expanded state and the focus (`control` of its row) go with it. */
  private move(path: JsonPath, by: -1 | 1, control: string, siblings: number): void {
    const index = path[path.length - 1] as number;
    const to = [...path.slice(0, -1), index + by];
    const [a, b] = [pathKey(path), pathKey(to)];
    const [ea, eb] = [this.expanded.has(a), this.expanded.has(b)];
    for (const [k, on] of [[a, eb], [b, ea]] as const) if (on) this.expanded.add(k); else this.expanded.delete(k);
    // At the first or last place that button is disabled: the focus goes to the other one.
    const next = control === 'arrow-up' && index + by === 0 ? 'arrow-down' : control === 'arrow-down' && index + by === siblings - 1 ? 'arrow-up' : control;
    this.focusNext = `${next}:${b}`;
    this.host.act({ kind: 'move', path, by });
  }

  /** "(its key is dropped …)" or "(it gets a key)" after a move's label. */
  private keyNote(label: string, note: 'dropped' | 'given' | undefined): string {
    return note === 'dropped' ? format(this.host.S.keyDropped, label) : note === 'given' ? format(this.host.S.keyGiven, label) : label;
  }

  /**
   * Moves an entry into, out of or across dicts and lists. Rows stay open as they were (their
   * paths change), the container it went into opens, and the moved row gets the focus.
   */
  relocate(r: Relocation): void {
    const dest = destination(r);
    if (!dest || this.host.readonly) return;
    const expanded = new Set<string>();
    for (const k of this.expanded) expanded.add(pathKey(relocated(JSON.parse(k) as JsonPath, r)));
    if (r.to[r.to.length - 1] === 'value') expanded.add(pathKey(relocated(r.to.slice(0, -1), r)));
    this.expanded = expanded;
    this.focusNext = `toggle:${pathKey(dest)}`;
    this.host.act({ kind: 'relocate', path: r.from, to: r.to, index: r.index });
  }

  /** Alt+→ / Alt+← (commands of the host): the focused row into the entry above / out of its parent. */
  keyMove(direction: 'into' | 'out'): void {
    const active = document.activeElement;
    // Only from a row (its toggle or buttons) of a form that has the focus, never while typing in a field.
    if (!document.hasFocus() || !active?.closest('.row')) return;
    const key = active.closest('li.entry')?.getAttribute('data-path');
    const moves = key ? this.rowMoves.get(key) : undefined;
    const r = direction === 'into' ? moves?.into : moves?.out;
    if (r) this.relocate(r);
  }

  /** Rows are dragged by their header; a drop before/after a row, or into a dict/list row. */
  private dragAndDrop(row: HTMLElement, li: HTMLElement, n: ExtraNode): void {
    const clear = () => li.classList.remove('drop-before', 'drop-after', 'drop-into');
    const zoneAt = (e: DragEvent): DropZone => {
      const box = row.getBoundingClientRect();
      const y = (e.clientY - box.top) / Math.max(box.height, 1);
      if (!n.children) return y < 0.5 ? 'before' : 'after';
      return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'into';
    };
    const target = (e: DragEvent) => (this.dragging ? dropRelocation(this.dragging, n, zoneAt(e)) : undefined);
    row.addEventListener('dragstart', (e) => {
      this.dragging = n.path;
      e.dataTransfer?.setData('application/x-kadi-extra', pathKey(n.path));
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    row.addEventListener('dragend', () => {
      this.dragging = undefined;
      li.classList.remove('dragging');
      for (const el of document.querySelectorAll('.drop-before, .drop-after, .drop-into')) el.classList.remove('drop-before', 'drop-after', 'drop-into');
    });
    row.addEventListener('dragover', (e) => {
      const r = target(e);
      clear();
      // Not accepted (no preventDefault): into itself or a descendant, or where it already is.
      if (!r) {
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
        return;
      }
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      li.classList.add(`drop-${zoneAt(e)}`);
    });
    row.addEventListener('dragleave', (e) => {
      if (!row.contains(e.relatedTarget as Node | null)) clear();
    });
    row.addEventListener('drop', (e) => {
      const r = target(e);
      clear();
      if (!r) return;
      e.preventDefault();
      this.dragging = undefined;
      this.relocate(r);
    });
  }

  private add(parent: JsonPath, index: number): void {
    const path = [...parent, index];
    this.expanded.add(pathKey(path));
    this.focusNext = `f:${pathKey([...path, 'key'])}`;
    this.host.act({ kind: 'add', parent });
  }

  private button(label: string, text: string, onclick: (e: Event) => void, kind = 'secondary'): HTMLElement {
    return h('button', { type: 'button', class: kind, 'aria-label': label, disabled: this.host.readonly, onclick }, text);
  }

  private iconButton(icon: string, label: string, onclick: () => void, disabled: boolean, id: string): HTMLElement {
    return h('button', { type: 'button', class: 'icon', id, 'aria-label': label, title: label, disabled, onclick }, h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  }
}

/** ["data", 3, "validation", "range", "min"] → "data[3].validation.range.min". */
export function pathLabel(path: JsonPath): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s || '(document)';
}
