// `date` extras as Kadi 1.13 parses and stores them (marshmallow's from_iso_datetime, stored as
// UTC isoformat): the one parser of src/validation/dates.ts, checked against the real server
// (test/real-kadi/validation.test.ts). The sandbox once had a second copy of it.
export { parseKadiDate as parseIsoDateTime } from '../../validation/dates';
