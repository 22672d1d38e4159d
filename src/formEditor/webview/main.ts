// Entry of the form editor's webview: talks to the extension host (protocol.ts), draws the
// template form and the record preview, and keeps the focus, the caret and the scroll position
// when the form is redrawn after a text change.
import type { FromWebview, ToWebview, FormProblem } from '../protocol';
import type { FormModel } from '../model';
import type { FormAction } from '../edits';
import { format, h } from './dom';
import { TemplateForm } from './form';
import { RecordPreview } from './preview';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

let S: Record<string, string> = {};
let readonly = false;
let last: { model: FormModel; problems: FormProblem[]; version: number } | undefined;
let form: TemplateForm | undefined;
let preview: RecordPreview | undefined;
const formRoot = h('section', { class: 'form', id: 'form' });
const previewRoot = h('section', { class: 'preview', id: 'preview', 'aria-labelledby': 'preview-heading' });

const post = (m: FromWebview) => vscode.postMessage(m);

/** Redraws the form, keeping focus, caret, what is being typed and the scroll position. */
function draw(): void {
  if (!last || !form) return;
  const active = document.activeElement as HTMLInputElement | null;
  const id = active?.id;
  // A field the person is typing into (not yet sent) keeps its text; otherwise the text wins.
  const pending = active?.hasAttribute?.('data-pending') ? active.value : undefined;
  const caret = active && 'selectionStart' in active && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd ?? active.selectionStart] : undefined;
  const scroll = formRoot.scrollTop;
  const t0 = performance.now();
  form.render(formRoot, last.model, last.problems);
  formRoot.scrollTop = scroll;
  post({ type: 'rendered', version: last.version, ms: performance.now() - t0 });
  const target = form.focusNext ?? id;
  const el = target ? (document.getElementById(target) as HTMLInputElement | null) : null;
  if (el) {
    el.focus({ preventScroll: !form.focusNext });
    if (form.focusNext) el.select?.();
    else {
      if (pending !== undefined && el.value !== pending) {
        el.value = pending;
        el.setAttribute('data-pending', '');
        el.dispatchEvent(new Event('input'));
      }
      if (caret && el.setSelectionRange) el.setSelectionRange(caret[0], caret[1]);
    }
    form.focusNext = undefined;
  }
}

function onMessage(m: ToWebview): void {
  switch (m.type) {
    case 'init': {
      S = m.strings;
      readonly = m.readonly;
      form = new TemplateForm({ S, readonly, act: (action: FormAction) => post({ type: 'action', action }), reveal: (p) => post({ type: 'reveal', offset: p.offset, length: p.length }), rerender: draw });
      preview = new RecordPreview({ S, sampleChanged: (text) => post({ type: 'sample', text }), save: (text) => post({ type: 'saveSample', text }) }, previewRoot);
      app.setAttribute('aria-label', S.form);
      app.replaceChildren(readonly ? h('p', { class: 'banner', role: 'note' }, S.readonly) : '', h('div', { class: 'columns' }, formRoot, previewRoot));
      app.removeAttribute('aria-busy');
      return;
    }
    case 'model':
      if (m.model.kind === 'unreadable') {
        last = undefined;
        formRoot.replaceChildren(h('p', { class: 'banner', role: 'alert' }, format(S.unreadable, m.model.message)),
          h('button', { type: 'button', class: 'primary', onclick: () => post({ type: 'openText' }) }, S.openText));
        return;
      }
      last = { model: m.model, problems: m.problems, version: m.version };
      draw();
      return;
    case 'preview':
      preview?.setSchema(m.schema);
      return;
    case 'sampleProblems':
      preview?.setProblems(m.problems);
      return;
    case 'keyMove':
      form?.keyMove(m.direction);
      return;
  }
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => onMessage(e.data));
post({ type: 'ready' });
