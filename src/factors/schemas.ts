import { Type } from 'typebox';
import { COVERAGES, DISTANCE_BASES, FACTOR_CATEGORIES, GWP_BASES, SCOPE2_METHODS, TRANSPORT_MODES } from './model.js';

// TypeBox schemas of the factor library: one schema validates uploads, documents the API and
// serialises responses.

/** Set ids and slugs: lower case, digits, `.`, `_`, `-` (no `:`, which joins them into a factor id). */
export const SET_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$';
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9._-]{0,127}$';

const Value = (description: string) => Type.Optional(Type.Number({ minimum: 0, description }));

export const FactorValues = Type.Object(
  {
    ttw: Value('tank-to-wheel'),
    wtt: Value('well-to-tank'),
    wtw: Value('well-to-wheel (or the single value of a grid or material factor, see coverage)'),
  },
  { additionalProperties: false },
);

// Fields every factor carries beyond id, name and values; optional ones stay optional in all schemas.
const provenance = {
  category: Type.Enum(FACTOR_CATEGORIES),
  unit: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. kgCO2e/t.km, kgCO2/kWh, kgCO2e/L, kgCO2e/kg' }),
  values: FactorValues,
  region: Type.String({ minLength: 1, maxLength: 50, description: 'ISO 3166 code or region: GB, CN, CN-East, EU, GLO' }),
  year: Type.Integer({ minimum: 1990, maximum: 2100 }),
  sourceUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 1000 })),
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  mode: Type.Optional(Type.Enum(TRANSPORT_MODES)),
  distanceBasis: Type.Optional(Type.Enum(DISTANCE_BASES)),
  dafIncluded: Type.Optional(Type.Boolean()),
  temperatureControlled: Type.Optional(Type.Boolean()),
  radiativeForcing: Type.Optional(Type.Boolean()),
  coverage: Type.Optional(Type.Enum(COVERAGES)),
  scope2Method: Type.Optional(Type.Enum(SCOPE2_METHODS)),
};

export const FactorSchema = Type.Object({
  id: Type.String({ description: '<set>:<slug>' }),
  setId: Type.String(),
  name: Type.String(),
  ...provenance,
  gwp: Type.String({ description: 'GWP100 basis: AR4, AR5, AR6, CO2 only...' }),
  source: Type.String(),
  licence: Type.String(),
});

/** A factor in an uploaded set: `id` or `slug`; source and licence default to the set's. */
export const FactorInputSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '<set>:<slug>' })),
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN })),
    setId: Type.Optional(Type.String({ pattern: SET_ID_PATTERN })),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    ...provenance,
    gwp: Type.Enum(GWP_BASES, { description: 'GWP100 basis' }),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    licence: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

const setFields = {
  id: Type.String({ pattern: SET_ID_PATTERN, description: 'e.g. glec-3.2-road; must not be a built-in set id' }),
  name: Type.String({ minLength: 1, maxLength: 300 }),
  version: Type.String({ minLength: 1, maxLength: 50 }),
  publisher: Type.String({ minLength: 1, maxLength: 300 }),
  licence: Type.String({ minLength: 1, maxLength: 300 }),
  sourceUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  attribution: Type.Optional(Type.String({ maxLength: 1000 })),
};

/** The metadata of an uploaded set (the query of a CSV upload, the top of a JSON one). */
export const FactorSetMetaSchema = Type.Object(setFields, { additionalProperties: false });

/** A FactorSet-shaped JSON document a user loads. */
export const FactorSetDocumentSchema = Type.Object(
  {
    ...setFields,
    builtIn: Type.Optional(Type.Literal(false, { description: 'user sets are never built-in' })),
    factors: Type.Array(FactorInputSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const TenantId = Type.Union([Type.String(), Type.Null()], { description: 'owner of a user set; null when shared or built-in' });
const setOutput = { ...setFields, id: Type.String(), builtIn: Type.Boolean(), loadedAt: Type.Optional(Type.String()) };

export const FactorSetSummarySchema = Type.Object({ ...setOutput, tenantId: TenantId, factorCount: Type.Integer() });
export const FactorSetSchema = Type.Object({
  ...setOutput,
  tenantId: Type.Optional(TenantId),
  factors: Type.Array(FactorSchema),
});
