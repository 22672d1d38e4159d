#!/usr/bin/env node
// The strings of the code for translators: every `vscode.l10n.t('…')` (VS Code glue) and
// `l10n.t('…')` (modules without `vscode`, src/ui/l10n.ts) in src/, collected into
// l10n/bundle.l10n.json — the English bundle a translation (bundle.l10n.<locale>.json) starts
// from, in the format of @vscode/l10n-dev. esbuild.js writes it on every build.
//   node scripts/l10n.js           write l10n/bundle.l10n.json
//   node scripts/l10n.js --check   fail if it is out of date, or if a call's message is not a
//                                  plain string literal (a `${…}` in it could never be translated;
//                                  a call that only hands a message on is marked `l10n: forwards`)
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

/** { messages: { [message]: message }, problems: string[] } over src/. */
function collect() {
  const messages = {};
  const problems = [];
  for (const file of sourceFiles(path.join(repo, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('l10n.t(')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (isL10nCall(node)) {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
          messages[arg.text] = arg.text;
        } else {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          // The one place that hands messages on (activate() → useTranslator) says so.
          if (text.split('\n')[line].includes('l10n: forwards')) return;
          problems.push(`${path.relative(repo, file)}:${line + 1}: the message of l10n.t must be a string literal with {0}, {1}… placeholders`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, problems };
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
  return problems;
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

module.exports = { collect, write, check, BUNDLE };
