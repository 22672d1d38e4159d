// Record endpoints, read only and just enough for "New Template from Record": search, get by id,
// get by identifier, over a few fixed seed records. Shaped like Kadi4Mat 1.13's RecordSchema
// (checked against the real server): the same keys, links and actions. A record is readable by
// its creator and, when public, by everyone.
import { requireScopes } from '../auth';
import { HttpError, ok, type Reply } from '../http';
import { intParam, type RequestCtx, type Router } from '../router';
import { pageArgs, pageSlice, paginationJson, userJson, type View } from '../serialize';
import type { SandboxStore } from '../store';
import type { Extra, KadiRecord } from '../../kadi/types';
import { identifierParam } from './common';

interface RecordRow {
  id: number;
  identifier: string;
  title: string;
  description: string;
  visibility: 'private' | 'public';
  type: string | null;
  license: string | null;
  tags: string[];
  extras: Extra[];
  creator_id: number;
  created_at: string;
  last_modified: string;
}

export const SEED_RECORDS: readonly RecordRow[] = [
  {
    id: 1,
    identifier: 'steel-s355-specimen-07',
    title: 'Steel S355, specimen 7',
    description: 'Tensile specimen cut from plate 7.',
    visibility: 'private',
    type: 'sample',
    license: 'CC-BY-4.0',
    tags: ['steel', 'tensile'],
    extras: [
      { key: 'force', type: 'float', unit: 'kN', value: 121.5, description: 'Maximum force', validation: { required: true, range: { min: 0, max: null } } },
      { key: 'elongation', type: 'float', unit: '%', value: 22.1 },
      { key: 'tested_on', type: 'date', value: '2024-03-01T09:00:00+00:00' },
      { key: 'passed', type: 'bool', value: true },
      { key: 'material', type: 'str', value: 'S355', term: 'http://purl.obolibrary.org/obo/CHEBI_33341', validation: { options: ['S235', 'S355'] } },
      {
        key: 'geometry',
        type: 'dict',
        value: [
          { key: 'length', type: 'float', unit: 'mm', value: 80.0 },
          { key: 'widths', type: 'list', value: [{ type: 'float', unit: 'mm', value: 10.02 }, { type: 'float', unit: 'mm', value: 9.98 }] },
        ],
      },
    ],
    creator_id: 1,
    created_at: '2024-03-01T10:00:00.000000+00:00',
    last_modified: '2024-03-02T08:30:00.000000+00:00',
  },
  {
    id: 2,
    identifier: 'xrd-scan-2024-031',
    title: 'XRD scan 2024-031',
    description: '',
    visibility: 'public',
    type: 'measurement',
    license: null,
    tags: ['xrd'],
    extras: [
      { key: 'anode', type: 'str', value: 'Cu', validation: { options: ['Cu', 'Co', 'Mo'] } },
      { key: 'two_theta_start', type: 'float', unit: '°', value: 10 },
      { key: 'two_theta_end', type: 'float', unit: '°', value: 90 },
      { key: 'step_count', type: 'int', unit: null, value: 4000 },
    ],
    creator_id: 2,
    created_at: '2024-04-11T14:00:00.000000+00:00',
    last_modified: '2024-04-11T14:00:00.000000+00:00',
  },
  {
    id: 3,
    identifier: 'dft-run-co2-adsorption',
    title: 'DFT run: CO2 adsorption',
    description: 'Only Carol can see this one.',
    visibility: 'private',
    type: 'simulation',
    license: null,
    tags: ['dft'],
    extras: [{ key: 'functional', type: 'str', value: 'PBE' }],
    creator_id: 3,
    created_at: '2024-05-02T09:00:00.000000+00:00',
    last_modified: '2024-05-02T09:00:00.000000+00:00',
  },
];

const readable = (userId: number, r: RecordRow): boolean => r.creator_id === userId || r.visibility === 'public';

function recordJson(r: RecordRow, store: SandboxStore, v: View): KadiRecord {
  const api = `${v.urls.api}/records/${r.id}`;
  const creator = store.activeUser(r.creator_id);
  const out: KadiRecord = {
    _actions: {
      add_group_role: `${api}/roles/groups`,
      add_user_role: `${api}/roles/users`,
      delete: api,
      edit: api,
      link_collection: `${api}/collections`,
      link_record: `${api}/records`,
      new_upload: `${api}/uploads`,
    },
    _links: {
      collections: `${api}/collections`,
      download_files: `${api}/files/download`,
      file_revisions: `${api}/files/revisions`,
      files: `${api}/files`,
      group_roles: `${api}/roles/groups`,
      records_from: `${api}/records?direction=in`,
      records_to: `${api}/records?direction=out`,
      revisions: `${api}/revisions`,
      self: api,
      uploads: `${api}/uploads`,
      user_roles: `${api}/roles/users`,
      view: `${v.urls.web}/records/${r.id}`,
    },
    created_at: r.created_at,
    description: r.description,
    extras: structuredClone(r.extras),
    id: r.id,
    identifier: r.identifier,
    last_modified: r.last_modified,
    license: r.license,
    plain_description: r.description,
    state: 'active',
    tags: [...r.tags],
    title: r.title,
    type: r.type,
    visibility: r.visibility,
  };
  if (creator && v.includeUser) out.creator = userJson(creator, v);
  return out;
}

function list(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'record.read');
  const a = pageArgs(ctx.query, 100);
  const query = (ctx.query.get('query') ?? '').trim().toLowerCase();
  const rows = SEED_RECORDS.filter((r) => readable(ctx.principal.user.id, r))
    .filter((r) => !query || [r.identifier, r.title, r.description].some((s) => s.toLowerCase().includes(query)))
    .sort((x, y) => (x.last_modified < y.last_modified ? 1 : -1));
  return ok({
    items: pageSlice(rows, a).map((r) => recordJson(r, ctx.store, ctx.view)),
    _actions: { new_record: `${ctx.view.urls.api}/records` },
    _pagination: paginationJson(`${ctx.view.urls.api}/records`, [['query', query]], a, rows.length),
  });
}

function reply(ctx: RequestCtx, r: RecordRow | undefined): Reply {
  requireScopes(ctx.principal, 'record.read');
  if (!r) throw new HttpError(404);
  if (!readable(ctx.principal.user.id, r)) throw new HttpError(403);
  return ok(recordJson(r, ctx.store, ctx.view));
}

export function registerRecordRoutes(r: Router): void {
  r.add('GET', '/records', list)
    .add('GET', '/records/<int:id>', (ctx) => reply(ctx, SEED_RECORDS.find((x) => x.id === intParam(ctx, 'id'))))
    .add('GET', '/records/identifier/<identifier>', (ctx) => reply(ctx, SEED_RECORDS.find((x) => x.identifier === identifierParam(ctx.params.identifier ?? ''))));
}
