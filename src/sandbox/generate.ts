// `--templates N`: deterministic generated templates for scale tests (lists of 10,000+).
import { emptyRecordData, type Extra, type RecordTemplateData } from '../kadi/types';
import type { SandboxStore } from './store';
import { formatMicros, parseMicros } from './clock';
import { mulberry32 } from './random';

const SUBJECTS = ['Hardness', 'Tensile', 'Fatigue', 'Creep', 'Impact', 'Corrosion', 'Porosity', 'Density', 'Viscosity', 'Conductivity', 'Spectroscopy', 'Calorimetry'];
const OBJECTS = ['test', 'measurement', 'sample', 'series', 'protocol', 'analysis', 'run', 'batch'];
const MATERIALS = ['steel', 'aluminium', 'copper', 'titanium', 'polymer', 'ceramic', 'glass', 'composite'];
const UNITS = ['N', 'mm', 'K', 'Pa', 's', 'g', 'V'];

/** Same N → same templates. */
const rng = mulberry32;

/** Add `count` templates created by alice/bob/carol in turn, timestamps one minute apart from 2023-01-01. */
export function generateTemplates(store: SandboxStore, count: number): void {
  const rand = rng(4711);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const start = parseMicros('2023-01-01T00:00:00.000000+00:00');
  const width = Math.max(5, String(count).length);
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(width, '0');
    const subject = pick(SUBJECTS);
    const object = pick(OBJECTS);
    const material = pick(MATERIALS);
    const extras: Extra[] = [
      { key: 'value', type: 'float', unit: pick(UNITS), value: null, validation: { range: { min: 0, max: null } } },
      { key: 'count', type: 'int', unit: null, value: Math.floor(rand() * 100) },
      { key: 'material', type: 'str', value: material },
      { key: 'ok', type: 'bool', value: null },
    ];
    const isRecord = i % 5 === 0;
    const data: RecordTemplateData | Extra[] = isRecord
      ? { ...emptyRecordData(), title: `${subject} ${material} {date}`, type: object, tags: [material], extras }
      : extras;
    store.createTemplate(
      {
        identifier: `generated-${n}`,
        title: `${subject} ${object} ${n}`,
        type: isRecord ? 'record' : 'extras',
        description: `Generated ${subject.toLowerCase()} ${object} template for ${material}.`,
        visibility: i % 7 === 0 ? 'public' : 'private',
        data,
      },
      1 + (i % 3),
      formatMicros(start + i * 60_000_000),
    );
  }
}
