import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

/** The official GS1 EPCIS examples and JSON Schema, read where they are published for us (never copied). */
export const EPCIS_DIR = resolve(import.meta.dirname, '../../../shared/benchmarks/epcis');
export const haveEpcisFixtures = existsSync(join(EPCIS_DIR, 'JSON'));

type FormatsFn = (ajv: Ajv) => Ajv;

/** Validates a document or event against `EPCIS-JSON-Schema.json` (draft-07) with ajv and ajv-formats. */
export function officialEpcisValidator(): ValidateFunction {
  // ajv-formats is CommonJS: its default export may arrive wrapped.
  const mod = formatsModule as unknown as FormatsFn & { default?: FormatsFn };
  const addFormats = mod.default ?? mod;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(EPCIS_DIR, 'EPCIS-JSON-Schema.json'), 'utf8')) as object);
}
