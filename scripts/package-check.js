#!/usr/bin/env node
// `npm run package`: the .vsix, checked. vsce runs `vscode:prepublish` (the minified production
// bundle, node esbuild.js --production) and packs what .vscodeignore lets through, without
// node_modules (--no-dependencies: everything the extension needs is in dist/extension.js and the
// parts it loads on first use, dist/lazy/*.js; each one extension.js requires must be packed).
// Works offline. Then this script reads the archive back and fails if it holds anything but the
// bundle, the manifest and its translations (package.nls*.json, l10n/), README/CHANGELOG/LICENSE
// and media/, or if it is 1 MB or more.
//   node scripts/package-check.js [--out <file.vsix>]   (default: kadi4mat-templates.vsix)
// Also used by scripts/demo.js and test/e2e/run.js: require('./package-check').packageVsix(out).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const LIMIT = 1024 * 1024;
/** Paths a .vsix may contain (zip entry names). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/dist\/extension\.js$/,
  /^extension\/dist\/lazy\/[\w-]+\.js$/,
  /^extension\/dist\/formEditor\.js$/,
  /^extension\/dist\/codicon\.ttf$/,
  /^extension\/media\/formEditor\/[\w.-]+\.css$/,
  /^extension\/dist\/mcp\.js$/, // the MCP server VS Code starts (src/assistant/mcpDefinition.ts)
  /^extension\/media\/[\w.-]+\.(png|svg)$/,
  /^extension\/media\/schemas\/[\w.-]+\.json$/,
  /^extension\/media\/walkthrough\/[\w.-]+\.(md|png|svg)$/,
];

/** Entry names and sizes from a zip's central directory (enough for a .vsix; no zip64). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size, compressed });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Builds and packs the extension into `out`, then checks it. Returns { file, bytes, entries };
 * throws with the reason when vsce fails or the check does.
 */
function packageVsix(out = path.join(repo, 'kadi4mat-templates.vsix'), { quiet = false } = {}) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: repo,
    encoding: 'utf8',
    stdio: quiet ? 'pipe' : 'inherit',
    timeout: 180000,
  });
  if (r.status !== 0) {
    throw new Error(`vsce package failed (${r.error?.message ?? r.status ?? r.signal})${quiet ? `:\n${(r.stdout || '') + (r.stderr || '')}` : ''}`);
  }
  const bytes = fs.statSync(out).size;
  const entries = zipEntries(out);
  const stray = entries.filter((e) => !ALLOWED.some((re) => re.test(e.name)));
  const problems = [];
  if (stray.length) problems.push(`files that do not belong in the package (fix .vscodeignore): ${stray.map((e) => e.name).join(', ')}`);
  if (!entries.some((e) => e.name === 'extension/dist/extension.js')) problems.push('dist/extension.js is missing');
  // The lazy parts the bundle loads on first use (esbuild.js LAZY_CHUNKS) must all be there.
  const bundle = path.join(repo, 'dist', 'extension.js');
  const lazy = fs.existsSync(bundle) ? [...fs.readFileSync(bundle, 'utf8').matchAll(/require\("\.\/(lazy\/[\w-]+\.js)"\)/g)].map((m) => m[1]) : [];
  const missing = lazy.filter((f) => !entries.some((e) => e.name === `extension/dist/${f}`));
  if (missing.length) problems.push(`parts the bundle loads are missing: ${missing.join(', ')}`);
  if (bytes >= LIMIT) problems.push(`${kb(bytes)} is not under the 1 MB limit`);
  if (problems.length) throw new Error(`${path.relative(repo, out)}: ${problems.join('; ')}`);
  return { file: out, bytes, entries };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const out = i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : undefined;
  try {
    const { file, bytes, entries } = packageVsix(out);
    const unpacked = entries.reduce((s, e) => s + e.size, 0);
    const shown = path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file);
    console.log(`\npackage-check: ${shown} — ${kb(bytes)} (limit 1 MB), ${entries.length} files, ${kb(unpacked)} unpacked:`);
    for (const e of entries) console.log(`  ${e.name.padEnd(34)} ${kb(e.size).padStart(10)}`);
  } catch (e) {
    console.error(`package-check: ${e.message}`);
    process.exitCode = 1;
  }
}

module.exports = { packageVsix, zipEntries, ALLOWED, LIMIT };
