// Deterministic seed data of the sandbox (documented in README.md). Timestamps are fixed and
// in the past, so two fresh sandboxes answer identically apart from later changes.
import { emptyRecordData, type Extra, type RecordTemplateData } from '../kadi/types';
import { SandboxStore, type GroupRow, type NewTemplate, type RoleName, type TemplateChanges, type UserRow } from './store';

/** 2024-<month>-<day>T<h>:<m>:00.<us>+00:00 */
function at(month: number, day: number, h: number, m: number, us = 0): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `2024-${p(month)}-${p(day)}T${p(h)}:${p(m)}:00.${p(us, 6)}+00:00`;
}

const user = (id: number, username: string, displayname: string, extra: Partial<UserRow> = {}): UserRow => ({
  id,
  username,
  displayname,
  email: `${username}@example.org`,
  email_private: false,
  orcid: null,
  state: 'active',
  system_role: 'member',
  identity_type: 'local',
  created_at: at(1, id + 1, 8, 0, 100000 + id),
  ...extra,
});

export const SEED_USERS = { alice: 1, bob: 2, carol: 3, dave: 4 } as const;
export const SEED_GROUPS = { materialsLab: 1, simulation: 2, community: 3 } as const;
export const SEED_TEMPLATES = {
  tensileTest: 1,
  sampleRecord: 2,
  measurementSeries: 3,
  simulationRun: 4,
  dftCalculation: 5,
  microscopyImage: 6,
  xrdRecord: 7,
  oldProtocol: 8,
  bobNotes: 9,
} as const;

const recordData = (d: Partial<RecordTemplateData>): RecordTemplateData => ({ ...emptyRecordData(), ...d });

const tensileV1: Extra[] = [
  { key: 'force', type: 'float', unit: 'N', value: null, description: 'Maximum force', validation: { required: true, range: { min: 0, max: null } } },
  { key: 'elongation', type: 'float', unit: '%', value: null },
  { key: 'operator', type: 'str', value: 'lab', validation: { options: ['lab', 'field'] } },
  { key: 'tested_on', type: 'date', value: null },
  {
    key: 'specimen',
    type: 'dict',
    value: [
      { key: 'id', type: 'int', unit: null, value: null, validation: { required: true } },
      { key: 'material', type: 'str', value: 'steel', term: 'http://purl.obolibrary.org/obo/CHEBI_33341' },
      {
        key: 'geometry',
        type: 'dict',
        value: [
          { key: 'length', type: 'float', unit: 'mm', value: 80 },
          { key: 'width', type: 'float', unit: 'mm', value: 20 },
        ],
      },
    ],
  },
];
const tensileV2: Extra[] = [...tensileV1, { key: 'passed', type: 'bool', value: null, description: 'Within specification' }];

const measurementData: Extra[] = [
  {
    key: 'setup',
    type: 'dict',
    description: 'Instrument and its channels',
    value: [
      { key: 'instrument', type: 'str', value: 'Zwick Z100' },
      {
        key: 'channels',
        type: 'list',
        value: [
          {
            type: 'dict',
            value: [
              { key: 'name', type: 'str', value: 'load' },
              { key: 'gain', type: 'float', unit: null, value: 1.5 },
            ],
          },
          {
            type: 'dict',
            value: [
              { key: 'name', type: 'str', value: 'strain' },
              { key: 'gain', type: 'float', unit: null, value: 0.5 },
            ],
          },
        ],
      },
    ],
  },
  {
    key: 'readings',
    type: 'list',
    value: [
      { type: 'float', unit: 's', value: 0 },
      { type: 'float', unit: 's', value: 0.5 },
    ],
  },
  { key: 'started_at', type: 'date', value: '2024-03-02T10:00:00+00:00' },
  { key: 'samples_count', type: 'int', unit: null, value: 3, validation: { range: { min: 1, max: 10 } } },
];

const simulationV1: Extra[] = [
  {
    key: 'solver',
    type: 'str',
    value: 'https://w3id.org/sim#fem',
    term: 'https://w3id.org/sim#solver',
    validation: { iri: true, options: ['https://w3id.org/sim#fem', 'https://w3id.org/sim#fdm'] },
  },
  { key: 'mesh_size', type: 'float', unit: 'mm', value: 0.1, validation: { range: { min: 0.001, max: 10 } } },
  { key: 'timesteps', type: 'int', unit: null, value: 1000, validation: { options: [100, 1000, 10000], range: { min: 1, max: 1000000 } } },
  { key: 'converged', type: 'bool', value: false },
  {
    key: 'parameters',
    type: 'dict',
    description: 'Free parameters of the run',
    value: [{ key: 'temperature', type: 'float', unit: 'K', value: 293.15, term: 'http://qudt.org/vocab/quantitykind/Temperature' }],
  },
];

/** The seed users (ids 1–4, in creation order). */
export const SEED_USER_ROWS: readonly UserRow[] = [
  user(SEED_USERS.alice, 'alice', 'Alice Anderson', { orcid: '0000-0002-1825-0097' }),
  user(SEED_USERS.bob, 'bob', 'Bob Brown', { email_private: true }),
  user(SEED_USERS.carol, 'carol', 'Carol Chen'),
  user(SEED_USERS.dave, 'dave', 'Dave Doe', { state: 'inactive' }),
];

/** The seed groups (ids 1–3, in creation order); `members` includes the creator as admin. */
export const SEED_GROUP_ROWS: readonly GroupRow[] = [
  {
    id: SEED_GROUPS.materialsLab,
    identifier: 'materials-lab',
    title: 'Materials Lab',
    description: 'Mechanical testing of **metals**.',
    visibility: 'private',
    state: 'active',
    created_at: at(1, 10, 9, 0),
    last_modified: at(1, 10, 9, 0),
    creator_id: SEED_USERS.alice,
    members: { [SEED_USERS.alice]: 'admin', [SEED_USERS.carol]: 'member' },
  },
  {
    id: SEED_GROUPS.simulation,
    identifier: 'simulation',
    title: 'Simulation',
    description: 'Computational materials science.',
    visibility: 'private',
    state: 'active',
    created_at: at(1, 11, 9, 0),
    last_modified: at(1, 11, 9, 0),
    creator_id: SEED_USERS.bob,
    members: { [SEED_USERS.bob]: 'admin' },
  },
  {
    id: SEED_GROUPS.community,
    identifier: 'kadi-community',
    title: 'Kadi Community',
    description: 'Open to everyone.',
    visibility: 'public',
    state: 'active',
    created_at: at(1, 12, 9, 0),
    last_modified: at(1, 12, 9, 0),
    creator_id: SEED_USERS.carol,
    members: { [SEED_USERS.carol]: 'admin' },
  },
];

/**
 * What happens to the seed templates, in order, as which user: the one list that the sandbox
 * applies to its store (seedStore) and the real-Kadi4Mat launcher replays through the HTTP API
 * (scripts/real-kadi/seed.ts), so both servers hold the same templates under the same ids.
 * `create` takes the next template id (1, 2, …).
 */
export type SeedStep = { as: number; at: string } & (
  | { op: 'create'; template: NewTemplate }
  | { op: 'update'; id: number; changes: TemplateChanges }
  | { op: 'userRole'; id: number; user: number; role: RoleName }
  | { op: 'groupRole'; id: number; group: number; role: RoleName }
  | { op: 'delete'; id: number }
);

const { alice, bob, carol } = SEED_USERS;
const T = SEED_TEMPLATES;
const G = SEED_GROUPS;

const sampleRecordData = recordData({
  title: 'Sample {date}',
  description: 'A steel sample.',
  type: 'sample',
  tags: ['metal', 'steel'],
  extras: [
    {
      key: 'composition',
      type: 'dict',
      value: [
        { key: 'carbon', type: 'float', unit: 'wt%', value: 0.2, validation: { range: { min: 0, max: 100 } } },
        { key: 'chromium', type: 'float', unit: 'wt%', value: null, validation: { range: { min: 0, max: 100 } } },
      ],
    },
    { key: 'supplier', type: 'str', value: null, term: 'https://schema.org/manufacturer' },
  ],
  collections: [12],
  record_links: [{ direction: 'out', record: 44, name: 'derived from', term: null }],
  roles: [{ subject_type: 'group', subject_id: 1, role: 'editor' }],
});

export const SEED_STEPS: readonly SeedStep[] = [
  // 1: alice, extras, 3 revisions; bob editor, Materials Lab member.
  {
    op: 'create',
    as: alice,
    at: at(3, 1, 9, 15, 123456),
    template: { identifier: 'tensile-test', title: 'Tensile Test', type: 'extras', description: 'Template for tensile tests.', data: tensileV1 },
  },
  { op: 'update', id: T.tensileTest, as: alice, at: at(3, 2, 11, 0, 250000), changes: { title: 'Tensile test', description: 'Template for *tensile* tests according to ISO 6892-1.' } },
  { op: 'userRole', id: T.tensileTest, as: alice, at: at(3, 3, 8, 0), user: bob, role: 'editor' },
  { op: 'groupRole', id: T.tensileTest, as: alice, at: at(3, 3, 8, 5), group: G.materialsLab, role: 'member' },
  { op: 'update', id: T.tensileTest, as: bob, at: at(3, 4, 16, 2, 554201), changes: { data: tensileV2 } },

  // 2: alice, record; Materials Lab editor (carol may edit through the group).
  {
    op: 'create',
    as: alice,
    at: at(3, 5, 10, 0, 1),
    template: {
      identifier: 'sample-record',
      title: 'Steel sample',
      type: 'record',
      description: 'Record template for **steel** samples.\n\nFills in type, tags and license.',
      data: sampleRecordData,
    },
  },
  { op: 'update', id: T.sampleRecord, as: alice, at: at(3, 6, 10, 30, 2), changes: { data: { ...sampleRecordData, license: 'CC-BY-4.0' } } },
  { op: 'groupRole', id: T.sampleRecord, as: alice, at: at(3, 6, 10, 31), group: G.materialsLab, role: 'editor' },

  // 3: alice, extras, private and not shared: dict in list in dict.
  {
    op: 'create',
    as: alice,
    at: at(3, 7, 14, 0, 3),
    template: { identifier: 'measurement-series', title: 'Measurement series', type: 'extras', description: 'Channels and readings of a series.', data: measurementData },
  },

  // 4: bob, extras, public (made public in its second revision).
  {
    op: 'create',
    as: bob,
    at: at(3, 8, 9, 0, 4),
    template: { identifier: 'simulation-run', title: 'Simulation run', type: 'extras', description: 'Parameters of an FEM/FDM simulation run.', data: simulationV1 },
  },
  { op: 'update', id: T.simulationRun, as: bob, at: at(3, 9, 9, 0, 5), changes: { visibility: 'public' } },

  // 5: bob, record; carol member, Simulation editor.
  {
    op: 'create',
    as: bob,
    at: at(3, 10, 13, 0, 6),
    template: {
      identifier: 'dft-calculation',
      title: 'DFT calculation',
      type: 'record',
      description: 'Density functional theory calculation.',
      data: recordData({
        title: 'DFT {date}',
        type: 'simulation',
        license: 'CC0-1.0',
        tags: ['dft', 'simulation'],
        extras: [
          { key: 'functional', type: 'str', value: 'PBE', validation: { options: ['PBE', 'LDA', 'HSE06'] } },
          { key: 'cutoff_energy', type: 'float', unit: 'eV', value: 520, validation: { required: true, range: { min: 0, max: null } } },
          { key: 'k_points', type: 'list', value: [{ type: 'int', unit: null, value: 4 }, { type: 'int', unit: null, value: 4 }, { type: 'int', unit: null, value: 4 }] },
          { key: 'spin_polarized', type: 'bool', value: true },
        ],
      }),
    },
  },
  { op: 'userRole', id: T.dftCalculation, as: bob, at: at(3, 10, 13, 5), user: carol, role: 'member' },
  { op: 'groupRole', id: T.dftCalculation, as: bob, at: at(3, 10, 13, 6), group: G.simulation, role: 'editor' },

  // 6: carol, extras; alice has member (read-only) access.
  {
    op: 'create',
    as: carol,
    at: at(3, 11, 15, 0, 7),
    template: {
      identifier: 'microscopy-image',
      title: 'Microscopy image',
      type: 'extras',
      description: 'Acquisition settings of an SEM image.',
      data: [
        { key: 'magnification', type: 'int', unit: null, value: 5000, validation: { range: { min: 1, max: null } } },
        { key: 'detector', type: 'str', value: 'SE', validation: { options: ['SE', 'BSE', 'EDS'] } },
        { key: 'acquired', type: 'date', value: '2024-02-20T13:45:00+00:00' },
        { key: 'pixel_size', type: 'float', unit: 'nm', value: 2.5 },
      ],
    },
  },
  { op: 'userRole', id: T.microscopyImage, as: carol, at: at(3, 11, 15, 5), user: alice, role: 'member' },

  // 7: carol, record; Materials Lab editor, so alice may edit through the group.
  {
    op: 'create',
    as: carol,
    at: at(3, 12, 9, 0, 8),
    template: {
      identifier: 'xrd-record',
      title: 'XRD measurement',
      type: 'record',
      description: 'X-ray diffraction measurement record.',
      data: recordData({
        title: 'XRD {date}',
        type: 'measurement',
        license: 'CC-BY-SA-4.0',
        tags: ['xrd'],
        extras: [
          { key: 'wavelength', type: 'float', unit: 'Å', value: 1.5406, term: 'http://qudt.org/vocab/quantitykind/Wavelength' },
          { key: 'two_theta_range', type: 'dict', value: [{ key: 'start', type: 'float', unit: '°', value: 10 }, { key: 'end', type: 'float', unit: '°', value: 90 }] },
        ],
      }),
    },
  },
  { op: 'groupRole', id: T.xrdRecord, as: carol, at: at(3, 12, 9, 5), group: G.materialsLab, role: 'editor' },

  // 8: alice, in the trash.
  {
    op: 'create',
    as: alice,
    at: at(2, 1, 9, 0, 9),
    template: { identifier: 'old-protocol', title: 'Old protocol', type: 'extras', description: 'Superseded by tensile-test.', data: [{ key: 'notes', type: 'str', value: null }] },
  },
  { op: 'delete', id: T.oldProtocol, as: alice, at: at(3, 13, 17, 0, 10) },

  // 9: bob, private, not shared with anyone.
  {
    op: 'create',
    as: bob,
    at: at(3, 14, 12, 0, 11),
    template: { identifier: 'bob-notes', title: 'Lab notes', type: 'extras', description: "Bob's private notes.", data: [{ key: 'topic', type: 'str', value: null }] },
  },
];

/** A fresh store with the seed data. */
export function seedStore(store = new SandboxStore()): SandboxStore {
  for (const u of SEED_USER_ROWS) store.addUser({ ...u });
  for (const g of SEED_GROUP_ROWS) store.addGroup({ ...g, members: { ...g.members } });
  for (const step of SEED_STEPS) {
    switch (step.op) {
      case 'create':
        store.createTemplate(step.template, step.as, step.at);
        break;
      case 'update':
        store.updateTemplate(step.id, step.changes, step.as, step.at);
        break;
      case 'userRole':
        store.setUserRole(step.id, step.user, step.role, step.at);
        break;
      case 'groupRole':
        store.setGroupRole(step.id, step.group, step.role, step.at);
        break;
      case 'delete':
        store.deleteTemplate(step.id, step.as, step.at);
        break;
    }
  }
  return store;
}
