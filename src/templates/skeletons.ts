// The data a new template starts with: empty, or a small starter that shows the shape of
// extras (types, units, validation) so the user edits rather than looks things up.
// No `vscode` import.
import { emptyRecordData, type Extra, type TemplateData, type TemplateType } from '../kadi/types';

export type SkeletonKind = 'empty' | 'starter';

const STARTER_EXTRAS: Extra[] = [
  // l10n: not user-facing (template content saved on the server, in English like the keys and options)
  { key: 'sample_id', type: 'str', value: null, description: 'Identifier of the sample', validation: { required: true } },
  { key: 'temperature', type: 'float', unit: 'K', value: null, validation: { range: { min: 0, max: null } } },
  { key: 'method', type: 'str', value: null, validation: { options: ['method A', 'method B'] } },
  { key: 'measured_at', type: 'date', value: null },
  {
    key: 'operator',
    type: 'dict',
    value: [
      { key: 'name', type: 'str', value: null },
      { key: 'orcid', type: 'str', value: null },
    ],
  },
];

export function skeletonData(type: TemplateType, kind: SkeletonKind): TemplateData {
  const extras: Extra[] = kind === 'starter' ? structuredClone(STARTER_EXTRAS) : [];
  if (type === 'extras') return extras;
  const data = emptyRecordData();
  if (kind === 'starter') {
    data.type = 'sample';
    data.extras = extras;
  }
  return data;
}
