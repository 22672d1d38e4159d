// Suggestions for the `unit` of int/float extras, which the JSON language features cannot offer
// (a unit is free text): the units this document already uses first, then common SI units.
import { getLocation } from 'jsonc-parser';
import * as vscode from 'vscode';

const COMMON = [
  'mm', 'cm', 'm', 'km', 'µm', 'nm', 'mm²', 'm²', 'm³', 'L', 'mL',
  's', 'ms', 'min', 'h', 'Hz', 'kHz', 'MHz', 'rpm',
  'g', 'mg', 'kg', 't', 'mol', 'mol/L', 'g/cm³', 'kg/m³',
  'N', 'kN', 'Pa', 'kPa', 'MPa', 'GPa', 'bar', 'mbar',
  'J', 'kJ', 'W', 'kW', 'V', 'mV', 'A', 'mA', 'Ω', 'C', 'F',
  'K', '°C', '%', 'm/s', 'mm/min', '1/s', 'eV', 'keV', 'HV',
];

const USED = /"unit"\s*:\s*"((?:[^"\\]|\\.){1,40})"/g;

export class UnitCompletions implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const where = getLocation(text, offset);
    if (where.isAtPropertyKey || where.path[where.path.length - 1] !== 'unit') return undefined;
    const node = where.previousNode;
    let range: vscode.Range;
    let quoted: boolean;
    if (node?.type === 'string' && offset > node.offset && offset < node.offset + node.length) {
      range = new vscode.Range(doc.positionAt(node.offset + 1), doc.positionAt(node.offset + node.length - 1));
      quoted = false;
    } else if (node && (node.type === 'null' || node.type === 'string') && offset === node.offset + node.length) {
      range = new vscode.Range(doc.positionAt(node.offset), position);
      quoted = true;
    } else {
      range = new vscode.Range(position, position);
      quoted = true;
    }
    const used = new Map<string, number>();
    for (const m of text.matchAll(USED)) used.set(m[1], (used.get(m[1]) ?? 0) + 1);
    const items: vscode.CompletionItem[] = [];
    const add = (unit: string, rank: string, detail: string) => {
      const item = new vscode.CompletionItem(unit, vscode.CompletionItemKind.Unit);
      item.insertText = quoted ? JSON.stringify(unit) : unit;
      item.filterText = quoted ? JSON.stringify(unit) : unit;
      item.range = range;
      item.sortText = `${rank}${unit}`;
      item.detail = detail;
      items.push(item);
    };
    for (const [unit, n] of [...used].sort((a, b) => b[1] - a[1])) add(unit, '0', vscode.l10n.t('used {0}× in this template', n));
    for (const unit of COMMON) if (!used.has(unit)) add(unit, '1', vscode.l10n.t('unit'));
    return items;
  }
}
