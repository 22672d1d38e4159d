// The hand-written import fixtures (test/fixtures/import): real-world shapes of each format,
// taken from the formats' specifications and guides, exports of the real Kadi4Mat 1.13, and
// records shaped like its API. Each has the template we expect in expected/<file>.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImportFormat } from '../../src/import/formats';
import type { TemplateType } from '../../src/kadi/types';

export interface Fixture {
  file: string;
  format: ImportFormat;
  type: TemplateType;
}

/** test/fixtures/import, from the source tree or from the bundled tests in out/. */
export const FIXTURE_DIR = [path.join(__dirname, '..', 'fixtures', 'import'), path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'import'), path.resolve('test', 'fixtures', 'import')].find((d) =>
  fs.existsSync(path.join(d, 'expected')),
)!;

export const FIXTURES: Fixture[] = [
  { file: 'person.draft-07.schema.json', format: 'json-schema', type: 'extras' },
  { file: 'measurement.2020-12.schema.json', format: 'json-schema', type: 'extras' },
  { file: 'kadi-export-tensile-test.schema.json', format: 'json-schema', type: 'extras' },
  { file: 'kadi-export-sample-record.schema.json', format: 'json-schema', type: 'record' },
  { file: 'person.shapes.ttl', format: 'shacl', type: 'extras' },
  { file: 'sample.shapes.ttl', format: 'shacl', type: 'extras' },
  { file: 'kadi-export-tensile-test.ttl', format: 'shacl', type: 'extras' },
  { file: 'kadi-export-sample-record.ttl', format: 'shacl', type: 'record' },
  { file: 'kadi-api-record.json', format: 'record', type: 'record' },
  { file: 'kadi-record-export.json', format: 'record', type: 'record' },
  { file: 'elabftw-experiment.json', format: 'elabftw', type: 'extras' },
  { file: 'elabftw-entity.json', format: 'elabftw', type: 'extras' },
];

export const fixtureText = (f: Fixture): string => fs.readFileSync(path.join(FIXTURE_DIR, f.file), 'utf8');
export const expectedPath = (f: Fixture): string => path.join(FIXTURE_DIR, 'expected', `${f.file}.json`);
