#!/usr/bin/env node
// The strings of the code for translators: every `vscode.l10n.t('…')` (VS Code glue) and
// `l10n.t('…')` (modules without `vscode`, src/ui/l10n.ts) in src/, collected into
// l10n/bundle.l10n.json — the English bundle a translation (bundle.l10n.<locale>.json) starts
// from, in the format of @vscode/l10n-dev. esbuild.js writes it on every build.
//   node scripts/l10n.js           write l10n/bundle.l10n.json
//   node scripts/l10n.js --check   fail if it is out of date, if a call's message is not a
//                                  plain string literal (a `${…}` in it could never be translated;
//                                  a call that only hands a message on is marked `l10n: forwards`),
//                                  or if user-facing text bypasses l10n.t (`untranslated`, below)
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const repo = path.resolve(__dirname, '..');
const BUNDLE = path.join(repo, 'l10n', 'bundle.l10n.json');

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** `l10n.t(…)` or `vscode.l10n.t(…)`. */
function isL10nCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const callee = node.expression;
  if (callee.name.text !== 't') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/** True when no function encloses the call (a static field's initialiser counts as load time). */
function runsAtLoad(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return false;
    if (ts.isPropertyDeclaration(n) && !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return false;
  }
  return true;
}

/** The messages of one file's l10n.t calls, and what is wrong with its calls. */
function messagesIn(rel, text) {
  const messages = [];
  const problems = [];
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (isL10nCall(node)) {
      const arg = node.arguments[0];
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        messages.push(arg.text);
        if (runsAtLoad(node)) problems.push(`${rel}:${line + 1}: l10n.t runs when the module loads, before activate() installs the translator: call it where the text is used`);
      } else if (!text.split('\n')[line].includes('l10n: forwards')) {
        // The one place that hands messages on (activate() → useTranslator) says so.
        problems.push(`${rel}:${line + 1}: the message of l10n.t must be a string literal with {0}, {1}… placeholders`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { messages, problems };
}

/** { messages: { [message]: message }, problems: string[] } over src/. */
function collect() {
  const messages = {};
  const problems = [];
  for (const file of sourceFiles(path.join(repo, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('l10n.t(')) continue;
    const found = messagesIn(path.relative(repo, file), text);
    for (const m of found.messages) messages[m] = m;
    problems.push(...found.problems);
  }
  return { messages, problems };
}

// ------------------------------------------------------------------ untranslated text
// Text a VS Code user reads must go through l10n.t, or it can never be translated. The scan
// below finds string literals that read as text outside l10n.t: prose (two words in a row), or
// any word where the UI shows it (a message or button of show*Message / Prompts, a quick-pick
// item's label, a title, placeholder, prompt, description, detail or tooltip). What it cannot
// tell from code is marked on its line, or the line before: `// l10n: not user-facing (why)`.

/** Folders and files whose text no VS Code user reads, and why (the one list). */
const NOT_USER_FACING = [
  ['src/sandbox/', 'the embedded sandbox plays the Kadi4Mat server, whose API answers in English'],
  ['src/cli/', 'the kadi-templates CLI writes English to terminals and CI logs'],
  ['src/import/cli.ts', 'the kadi-templates CLI writes English to terminals and CI logs'],
  ['src/assistant/chat/orchestrate.ts', 'prompts for the language model'],
  // Tool descriptions, input schemas and results; a tool's `title`, which the user sees while
  // it runs, is a getter with l10n.t (collected above like every call).
  ['src/assistant/tools/read.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/tools/rules.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/tools/validate.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/tools/draft.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/tools/common.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/tools/index.ts', 'the language model reads these tools\' texts'],
  ['src/assistant/envClients.ts', 'only the MCP server uses it'],
  ['src/assistant/mcp.ts', 'the MCP server runs outside VS Code, for any MCP client'],
  ['src/assistant/mcpMain.ts', 'the MCP server runs outside VS Code, for any MCP client'],
  ['src/formEditor/webview/', 'the webview shows the strings the host translated (formEditor/strings.ts)'],
];

/** Where a literal is shown as it is: messages, buttons, picks, titles. */
const SHOWN_PROPERTIES = new Set(['title', 'label', 'placeHolder', 'prompt', 'description', 'detail', 'tooltip', 'message']);
const SHOWN_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'info', 'warn', 'error', 'status']);
const LOG_CALL = /(^|\??\.)(log|logger|output|channel|console)\??\.(trace|debug|info|warn|error|appendLine|append|log)$/;
const MARK = 'l10n: not user-facing';

/** The words of a literal: placeholders, `$(icon)`s, markdown and code-ish tokens left out. */
function words(raw) {
  return raw
    .replace(/\$\([\w~-]+\)/g, ' ')
    .replace(/\{\d*\}/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[\w.-]+\.[a-z]{2,}\b|[\w-]+:\/\/\S*|\b[a-z]+[A-Z]\w*\b/g, ' ');
}
// Two words with a space between, perhaps also quotes or a bracket ('Exporting "{0}" as {1}').
const isProse = (raw) => /[A-Za-z]{2,}[,;:]?["'“”‘’(\s]*\s["'“”‘’(\s]*[A-Za-z]{2,}/.test(words(raw));
const hasWord = (raw) => /[A-Za-z]{2,}/.test(words(raw));

/** The literal's text, with `{}` where a template literal has a substitution. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
}

/** The property or call the literal's value lands in, through `a ? b : c`, `a ?? b`, `(…)`. */
function landing(node) {
  let n = node;
  while (n.parent && (ts.isConditionalExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || (ts.isBinaryExpression(n.parent) && ['??', '||'].includes(n.parent.operatorToken.getText())))) n = n.parent;
  return n;
}

const isLiteral = (n) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);
const isCommandId = (n) => !!n && isLiteral(n) && /^kadi4mat\.[\w.]+$/.test(n.text);

function calleeName(call) {
  const c = call.expression;
  return ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
}

/** `{ line, text }` of each user-facing literal of one file outside l10n.t. */
function untranslatedIn(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const out = [];
  const marked = (line) => lines[line].includes(MARK) || (line > 0 && lines[line - 1].trim().startsWith('//') && lines[line - 1].includes(MARK));
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isCaseClause(node)) return node.statements.forEach(visit); // `case 'x':` compares
    if (ts.isElementAccessExpression(node)) return visit(node.expression);
    if (ts.isCallExpression(node)) {
      if (isL10nCall(node)) return node.arguments.slice(1).forEach(visit);
      if (LOG_CALL.test(node.expression.getText(sf))) return;
      // A command's name in runCommand(log, prompts, name, fn), or in a registration
      // (register('kadi4mat.x', name, fn)), only goes to the log.
      if (calleeName(node) === 'runCommand' || isCommandId(node.arguments[0])) return node.arguments.filter((a) => !isLiteral(a)).forEach(visit);
    }
    if (ts.isBinaryExpression(node) && ['===', '!==', '==', '!='].includes(node.operatorToken.getText())) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const raw = literalText(node);
      const at = landing(node);
      const p = at.parent;
      const isName = p && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node;
      const shownProperty = p && ts.isPropertyAssignment(p) && p.initializer === at && SHOWN_PROPERTIES.has(p.name.getText(sf));
      const shownCall = p && ts.isCallExpression(p) && p.arguments.includes(at) && SHOWN_CALLS.has(calleeName(p)) && !LOG_CALL.test(p.expression.getText(sf));
      if (!isName && (isProse(raw) || ((shownProperty || shownCall) && hasWord(raw)))) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        if (!marked(line)) out.push({ line: line + 1, text: raw });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Problems: `file:line: "text"` of every user-facing literal in src/ outside l10n.t. */
function untranslated() {
  const problems = [];
  for (const file of sourceFiles(path.join(repo, 'src'))) {
    const rel = path.relative(repo, file).split(path.sep).join('/');
    if (NOT_USER_FACING.some(([prefix]) => rel.startsWith(prefix))) continue;
    for (const { line, text } of untranslatedIn(rel, fs.readFileSync(file, 'utf8'))) {
      const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      problems.push(`${rel}:${line}: ${JSON.stringify(shown)} is shown untranslated: wrap it in l10n.t('…'), or mark the line // ${MARK} (why)`);
    }
  }
  return problems;
}

function render(messages) {
  return JSON.stringify(messages, null, 2) + '\n';
}

/** Writes the bundle if it changed; returns the number of messages. */
function write() {
  const { messages, problems } = collect();
  if (problems.length) throw new Error(problems.join('\n'));
  const text = render(messages);
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  if (!fs.existsSync(BUNDLE) || fs.readFileSync(BUNDLE, 'utf8') !== text) fs.writeFileSync(BUNDLE, text);
  return Object.keys(messages).length;
}

/** Problems that make the bundle wrong (empty = current). */
function check() {
  const { messages, problems } = collect();
  const current = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
  if (current !== render(messages)) problems.push(`${path.relative(repo, BUNDLE)} is out of date: run node scripts/l10n.js (every build does)`);
  return [...problems, ...untranslated()];
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const problems = check();
    for (const p of problems) console.error(p);
    process.exitCode = problems.length ? 1 : 0;
  } else {
    console.log(`l10n: ${write()} messages in ${path.relative(process.cwd(), BUNDLE)}`);
  }
}

module.exports = { collect, messagesIn, write, check, untranslated, untranslatedIn, NOT_USER_FACING, BUNDLE };
