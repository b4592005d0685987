/**
 * CBV 2.0 vocabularies as the EPCIS 2.0 JSON Schema enumerates them, and the mapping of every accepted
 * spelling of a standard value to its bare term.
 *
 * A standard value may be written as the bare term (`shipping`, the JSON-LD form), the CBV 1.x URN
 * (`urn:epcglobal:cbv:bizstep:shipping`), the Web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) or the
 * compact IRI of the EPCIS context (`cbv:BizStep-shipping`). Anything else must be an absolute URI
 * (a custom vocabulary value) and is kept as given.
 */

import { invalid } from '../../core/errors.js';

export const BIZ_STEPS = [
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
  'sensor_reporting',
  'sampling',
] as const;

export const DISPOSITIONS = [
  'active',
  'container_closed',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'no_pedigree_match',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unknown',
  'available',
  'completeness_verified',
  'completeness_inferred',
  'conformant',
  'container_open',
  'mismatch_instance',
  'mismatch_class',
  'mismatch_quantity',
  'needs_replacement',
  'non_conformant',
  'unavailable',
] as const;

export const BIZ_TRANSACTION_TYPES = [
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
] as const;

export const SOURCE_DEST_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

export const ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

/** GS1 Web Vocabulary measurement types allowed bare in `sensorReport.type` (else a non-gs1.org/voc URI). */
export const MEASUREMENT_TYPES = [
  'AbsoluteHumidity',
  'AbsorbedDose',
  'AbsorbedDoseRate',
  'Acceleration',
  'Radioactivity',
  'Altitude',
  'AmountOfSubstance',
  'AmountOfSubstancePerUnitVolume',
  'Angle',
  'AngularAcceleration',
  'AngularMomentum',
  'AngularVelocity',
  'Area',
  'Capacitance',
  'Conductance',
  'Conductivity',
  'Count',
  'Density',
  'Dimensionless',
  'DoseEquivalent',
  'DoseEquivalentRate',
  'DynamicViscosity',
  'ElectricCharge',
  'ElectricCurrent',
  'ElectricCurrentDensity',
  'ElectricFieldStrength',
  'Energy',
  'Exposure',
  'Force',
  'Frequency',
  'Illuminance',
  'Inductance',
  'Irradiance',
  'KinematicViscosity',
  'Length',
  'LinearMomentum',
  'Luminance',
  'LuminousFlux',
  'LuminousIntensity',
  'MagneticFlux',
  'MagneticFluxDensity',
  'MagneticVectorPotential',
  'Mass',
  'MassConcentration',
  'MassFlowRate',
  'MassPerAreaTime',
  'MemoryCapacity',
  'MolalityOfSolute',
  'MolarEnergy',
  'MolarMass',
  'MolarVolume',
  'Power',
  'Pressure',
  'RadiantFlux',
  'RadiantIntensity',
  'RelativeHumidity',
  'Resistance',
  'Resistivity',
  'SolidAngle',
  'SpecificVolume',
  'Speed',
  'SurfaceDensity',
  'SurfaceTension',
  'Temperature',
  'Time',
  'Torque',
  'Voltage',
  'Volume',
  'VolumeFlowRate',
  'VolumeFraction',
  'VolumetricFlux',
  'Wavenumber',
] as const;

/** `sensorReport.exception` values (else a non-gs1.org/voc URI). */
export const SENSOR_ALERT_TYPES = ['ALARM_CONDITION', 'ERROR_CONDITION'] as const;

/** `sensorReport.component` values (else a custom URI). */
export const SENSOR_COMPONENTS = [
  'x',
  'y',
  'z',
  'axial_distance',
  'azimuth',
  'height',
  'spherical_radius',
  'polar_angle',
  'elevation_angle',
  'easting',
  'northing',
  'latitude',
  'longitude',
  'altitude',
] as const;

/** The CBV vocabularies `cbvTerm` understands. */
export type CbvKind = 'bizStep' | 'disposition' | 'bizTransactionType' | 'sourceDestType' | 'errorReason';

interface VocabSpec {
  terms: ReadonlySet<string>;
  /** CBV 1.x URN prefix, e.g. `urn:epcglobal:cbv:bizstep:`. */
  urn: string;
  /** Term prefix in the CBV 2.0 Web URI, e.g. `BizStep-`. */
  web: string;
  /** How messages name the vocabulary. */
  label: string;
}

const VOCABS: Record<CbvKind, VocabSpec> = {
  bizStep: { terms: new Set(BIZ_STEPS), urn: 'urn:epcglobal:cbv:bizstep:', web: 'BizStep-', label: 'bizStep' },
  disposition: { terms: new Set(DISPOSITIONS), urn: 'urn:epcglobal:cbv:disp:', web: 'Disp-', label: 'disposition' },
  bizTransactionType: {
    terms: new Set(BIZ_TRANSACTION_TYPES),
    urn: 'urn:epcglobal:cbv:btt:',
    web: 'BTT-',
    label: 'business transaction type',
  },
  sourceDestType: {
    terms: new Set(SOURCE_DEST_TYPES),
    urn: 'urn:epcglobal:cbv:sdt:',
    web: 'SDT-',
    label: 'source/destination type',
  },
  errorReason: { terms: new Set(ERROR_REASONS), urn: 'urn:epcglobal:cbv:er:', web: 'ER-', label: 'error reason' },
};

/** Base of the CBV 2.0 Web URIs. */
export const CBV_WEB_BASE = 'https://ref.gs1.org/cbv/';

// Spellings of the CBV namespace (the ns.gs1.org one is the pre-ratification draft's).
const CBV_NAMESPACES = [
  'https://ref.gs1.org/cbv/',
  'http://ref.gs1.org/cbv/',
  'https://ns.gs1.org/cbv/',
  'http://ns.gs1.org/cbv/',
  'cbv:',
];

/**
 * RFC 3986 absolute URI: a scheme, then only URI characters (unreserved, reserved, `%XX`).
 * A superset of ajv-formats' `uri` format on its valid inputs, so whatever the official schema accepts as a URI passes.
 */
const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;

/** True for an absolute URI (`urn:…`, `https://…`, `example:field`, …). */
export const isUri = (s: string): boolean => URI_RE.test(s);

/**
 * The bare term of a standard CBV value, the URI as given for a custom value, or an error message.
 * Does not throw (for validators); see `cbvTerm` for the throwing form.
 */
export function resolveCbv(kind: CbvKind, value: string): { term: string } | { error: string } {
  const v = VOCABS[kind];
  if (v.terms.has(value)) return { term: value };
  let rest: string | undefined;
  if (value.startsWith('urn:epcglobal:cbv:')) {
    if (!value.startsWith(v.urn)) return { error: `"${clip(value)}" is not a CBV ${v.label} URN (${v.urn}…)` };
    rest = value.slice(v.urn.length);
  } else {
    for (const ns of CBV_NAMESPACES) {
      if (value.startsWith(ns)) {
        const local = value.slice(ns.length);
        if (!local.startsWith(v.web)) return { error: `"${clip(value)}" is not a CBV ${v.label} (${CBV_WEB_BASE}${v.web}…)` };
        rest = local.slice(v.web.length);
        break;
      }
    }
  }
  if (rest !== undefined) {
    return v.terms.has(rest) ? { term: rest } : { error: `"${clip(value)}": "${clip(rest)}" is not a CBV ${v.label}` };
  }
  if (isUri(value)) return { term: value };
  return { error: `"${clip(value)}" is neither a CBV ${v.label} nor a URI` };
}

/**
 * Maps any accepted spelling of a CBV value to its bare term (`urn:epcglobal:cbv:bizstep:shipping`,
 * `https://ref.gs1.org/cbv/BizStep-shipping`, `cbv:BizStep-shipping` → `shipping`); a custom value must be
 * an absolute URI and is returned as given. Throws a validation AppError otherwise.
 */
export function cbvTerm(kind: CbvKind, value: string): string {
  const r = resolveCbv(kind, value);
  if ('error' in r) throw invalid(r.error, [{ field: kind, message: r.error }]);
  return r.term;
}

/** True when `term` is a standard (bare) term of the vocabulary. */
export const isCbvTerm = (kind: CbvKind, term: string): boolean => VOCABS[kind].terms.has(term);

/**
 * The full URI of a CBV value for output: the Web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) or the
 * CBV 1.x URN (`urn:epcglobal:cbv:bizstep:shipping`) of a standard term; a custom URI as given.
 */
export function cbvUri(kind: CbvKind, term: string, form: 'web' | 'urn' = 'web'): string {
  const v = VOCABS[kind];
  if (!v.terms.has(term)) return term;
  return form === 'urn' ? v.urn + term : CBV_WEB_BASE + v.web + term;
}

/** Shortens a value quoted in a message. */
export const clip = (s: string, max = 120): string => (s.length > max ? `${s.slice(0, max)}…` : s);
