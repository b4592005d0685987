import type { Factor, FactorSet } from '../model.js';

// UK DESNZ greenhouse gas conversion factors 2026 (Open Government Licence v3.0).
// Values as read from the official xlsx by a secondary note (reference/carbon-accounting.md §2a, §2b, §2e,
// marked [2nd] there): re-check against the xlsx when it is at hand.

const SET_ID = 'desnz-2026';
const SOURCE = 'UK DESNZ, Greenhouse gas reporting: conversion factors 2026';
const SOURCE_URL = 'https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2026';
const LICENCE = 'Open Government Licence v3.0';

// DESNZ uses AR5 GWP100 for CH4 and N2O [2nd].
const provenance = {
  setId: SET_ID,
  gwp: 'AR5',
  region: 'GB',
  year: 2026,
  source: SOURCE,
  sourceUrl: SOURCE_URL,
  licence: LICENCE,
} as const;

type Extra = Partial<Omit<Factor, 'id' | 'setId' | 'name' | 'values'>>;

/** A freight intensity in kgCO2e per tonne-km, given as published: TTW, WTT, WTW. */
function freight(slug: string, name: string, [ttw, wtt, wtw]: [number, number, number], extra: Extra): Factor {
  return {
    id: `${SET_ID}:${slug}`,
    name,
    category: 'freight',
    unit: 'kgCO2e/t.km',
    values: { ttw, wtt, wtw },
    ...provenance,
    ...extra,
  };
}

// Road: DESNZ intensities are per actual km (UK road freight survey, average loads and empty running).
// Greenlink treats road intensities as DAF-included (GLEC: road +5 % is inside the defaults), so the
// engine adds nothing whatever the distance type.
const road = {
  mode: 'road',
  distanceBasis: 'actual',
  dafIncluded: true,
  temperatureControlled: false,
} as const;
const ROAD_NOTE = 'Average UK load and empty running. Treated as DAF-included: no road +5 % is added to planned distances.';

// Sea: intensities from fleet fuel over cargo x distance sailed, so they are per actual t.km and a
// planned (SFD/GCD) distance needs the GLEC x1.15 distance adjustment factor.
const sea = { mode: 'sea', distanceBasis: 'actual', dafIncluded: false } as const;
const SEA_NOTE = 'Per t.km of distance sailed: apply the GLEC x1.15 DAF to SFD or GCD distances.';

// Air: DESNZ asks for great-circle distances, and the GLEC +95 km applies to a GCD.
const air = { mode: 'air', distanceBasis: 'GCD', dafIncluded: false } as const;
const AIR_NOTE =
  'Use the great-circle distance between airports per leg; GLEC adds +95 km. ' +
  'DESNZ publishes WTT only once, without RF; WTW = TTW + WTT [derived]. ' +
  'Choose with or without RF once and keep it for the whole time series. ' +
  '[unverified] whether DESNZ already builds an uplift for indirect routing into this factor: check the methodology paper before mixing with the +95 km.';

/** Air freight without and with radiative forcing; WTT is published once and applies to both [derived]. */
function airPair(slug: string, name: string, ttwWithoutRf: number, ttwWithRf: number, wtt: number): Factor[] {
  const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
  return [
    freight(slug, `${name}, without radiative forcing`, [ttwWithoutRf, wtt, round5(ttwWithoutRf + wtt)], {
      ...air,
      radiativeForcing: false,
      notes: AIR_NOTE,
    }),
    freight(`${slug}-rf`, `${name}, with radiative forcing`, [ttwWithRf, wtt, round5(ttwWithRf + wtt)], {
      ...air,
      radiativeForcing: true,
      notes: `TTW includes the DESNZ radiative-forcing uplift; WTT is the same as without RF [derived]. ${AIR_NOTE}`,
    }),
  ];
}

const FREIGHT: Factor[] = [
  freight('van-diesel-average', 'Van, diesel, average (up to 3.5 t)', [0.63511, 0.15095, 0.78606], {
    ...road,
    notes: ROAD_NOTE,
  }),
  freight('hgv-average', 'HGV, all diesel, average laden, not refrigerated', [0.10356, 0.02359, 0.12715], {
    ...road,
    notes: `${ROAD_NOTE} DESNZ also gives TTW 0.12320 at 50 % laden and 0.07488 at 100 % laden.`,
  }),
  freight('hgv-rigid-over-17t', 'HGV, rigid over 17 t, average laden, not refrigerated', [0.17256, 0.03736, 0.20992], {
    ...road,
    notes: ROAD_NOTE,
  }),
  freight(
    'hgv-articulated-over-33t',
    'HGV, articulated over 33 t, average laden, not refrigerated',
    [0.07835, 0.01799, 0.09634],
    { ...road, notes: ROAD_NOTE },
  ),
  freight('hgv-refrigerated-average', 'HGV, refrigerated, all classes, average laden', [0.12122, 0.02769, 0.14891], {
    ...road,
    temperatureControlled: true,
    notes: `${ROAD_NOTE} Includes the fuel of the refrigeration unit; refrigerant leakage is not included.`,
  }),
  freight('hgv-refrigerated-articulated', 'HGV, refrigerated, articulated, average laden', [0.09166, 0.02114, 0.1128], {
    ...road,
    temperatureControlled: true,
    notes: `${ROAD_NOTE} Includes the fuel of the refrigeration unit; refrigerant leakage is not included.`,
  }),
  freight('freight-train', 'Freight train, UK average', [0.02583, 0.00691, 0.03274], {
    mode: 'rail',
    distanceBasis: 'actual',
    dafIncluded: false,
    notes: 'GLEC v3.2 sets no default DAF for rail (case by case), so none is applied.',
  }),
  freight('container-ship-average', 'Container ship, average size', [0.01612, 0.00365, 0.01977], {
    ...sea,
    notes: `${SEA_NOTE} DESNZ gives TTW 0.01266 for 8000+ TEU ships.`,
  }),
  freight('bulk-carrier-average', 'Bulk carrier, average size', [0.00353, 0.0008, 0.00433], { ...sea, notes: SEA_NOTE }),
  freight('roro-ferry', 'RoRo ferry, average', [0.05158, 0.0117, 0.06328], {
    ...sea,
    notes: `${SEA_NOTE} GLEC warns that Ro-Ro intensities may be per gross tonne of truck plus cargo: check before allocating to cargo.`,
  }),
  ...airPair('air-long-haul', 'Air freight, long haul (international)', 0.5313, 0.89939, 0.13516),
  ...airPair('air-short-haul', 'Air freight, short haul', 0.75539, 1.27835, 0.20515),
  ...airPair('air-domestic', 'Air freight, UK domestic', 2.71931, 4.60397, 0.57429),
];

/** A fuel combustion factor (TTW only: the reference does not give the DESNZ WTT fuel factors). */
function fuel(slug: string, name: string, unit: string, ttw: number, notes?: string): Factor {
  return {
    id: `${SET_ID}:${slug}`,
    name,
    category: 'fuel',
    unit,
    values: { ttw },
    ...provenance,
    notes: `Combustion (TTW) only; WTT not bundled yet (DESNZ "WTT- fuels" sheet).${notes ? ` ${notes}` : ''}`,
  };
}

const FUELS: Factor[] = [
  fuel('diesel-mineral-per-litre', 'Diesel, 100 % mineral', 'kgCO2e/L', 2.66155),
  fuel('diesel-mineral-per-tonne', 'Diesel, 100 % mineral', 'kgCO2e/t', 3203.9),
  fuel('diesel-mineral-per-kwh', 'Diesel, 100 % mineral (net calorific value)', 'kgCO2e/kWh', 0.26806),
  fuel('diesel-uk-blend-per-litre', 'Diesel, average biofuel blend (UK forecourt)', 'kgCO2e/L', 2.58354),
  fuel('petrol-mineral-per-litre', 'Petrol, 100 % mineral', 'kgCO2e/L', 2.35372),
  fuel('petrol-uk-blend-per-litre', 'Petrol, average biofuel blend (UK forecourt)', 'kgCO2e/L', 2.075),
  fuel('lng-per-tonne', 'LNG', 'kgCO2e/t', 2536.85),
  fuel('lng-per-litre', 'LNG', 'kgCO2e/L', 1.14791),
  fuel('cng-per-tonne', 'CNG', 'kgCO2e/t', 2507.72),
  fuel('marine-gas-oil-per-tonne', 'Marine gas oil', 'kgCO2e/t', 3245.3),
  fuel('marine-fuel-oil-per-tonne', 'Marine fuel oil', 'kgCO2e/t', 3154.75),
  fuel('hvo-per-litre', 'HVO (hydrotreated vegetable oil)', 'kgCO2e/L', 0.03558, 'Non-biogenic part only (CH4, N2O).'),
];

/**
 * A "material use" factor. DESNZ publishes kgCO2e per tonne; we store kgCO2e per kg (value / 1000)
 * because packaging masses are in kg throughout Greenlink.
 */
function material(slug: string, name: string, kgPerTonne: number, route: 'primary' | 'closed-loop'): Factor {
  const kgPerKg = Math.round(kgPerTonne * 1e5) / 1e8;
  const how =
    route === 'primary'
      ? 'primary production (virgin material)'
      : 'closed-loop source (material made from recycled material of the same kind)';
  return {
    id: `${SET_ID}:${slug}-${route}`,
    name: `${name}, ${how}`,
    category: 'material',
    unit: 'kgCO2e/kg',
    values: { wtw: kgPerKg },
    coverage: 'cradle-to-gate',
    ...provenance,
    notes:
      `DESNZ "Material use": ${kgPerTonne} kgCO2e/t, converted to kgCO2e/kg (/1000). ` +
      'Cradle-to-gate production of the material, stored under wtw; TTW/WTT do not apply. ' +
      'DESNZ waste factors cover transport only, not the recycling process.',
  };
}

// slug, name, primary production, closed-loop (kgCO2e per tonne, as published)
const MATERIAL_ROWS: [string, string, number, number][] = [
  ['board', 'Paper and board: board (corrugated)', 1199.73, 1098.11],
  ['paper', 'Paper and board: paper', 1345.08, 1050.08],
  ['paper-and-board-mixed', 'Paper and board: mixed', 1288.5, 1068.77],
  ['plastic-film', 'Plastics: average film (mailers, stretch wrap)', 2916.51, 1103.57],
  ['ldpe', 'Plastics: LDPE and LLDPE', 2965.08, 1097.9],
  ['hdpe', 'Plastics: HDPE', 3095.16, 1770.79],
  ['pp', 'Plastics: PP', 2577.57, 1312.57],
  ['pet', 'Plastics: PET', 3863.9, 2213.9],
  ['ps', 'Plastics: PS', 4376.8, 2669.76],
  ['plastic-average', 'Plastics: average plastic', 3172.5, 1575.39],
];

const MATERIALS: Factor[] = MATERIAL_ROWS.flatMap(([slug, name, primary, closedLoop]) => [
  material(slug, name, primary, 'primary'),
  material(slug, name, closedLoop, 'closed-loop'),
]);

export const DESNZ_2026: FactorSet = {
  id: SET_ID,
  name: 'UK DESNZ greenhouse gas conversion factors 2026',
  version: '2026',
  publisher: 'UK Department for Energy Security and Net Zero (DESNZ)',
  licence: LICENCE,
  sourceUrl: SOURCE_URL,
  attribution: 'Contains public sector information licensed under the Open Government Licence v3.0.',
  description:
    'Freight intensities (van, HGV incl. refrigerated, rail, sea, air with and without RF), fuel combustion and ' +
    'packaging material factors. UK averages; GWP AR5.',
  builtIn: true,
  factors: [...FREIGHT, ...FUELS, ...MATERIALS],
};
