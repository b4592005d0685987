import type { Factor, FactorResolver } from '../factors/model.js';

// A tiny factor library for tests and benchmarks, independent of src/factors/data. Values are the
// DESNZ 2026 freight intensities and China MEE 2023 grid factor from reference/carbon-accounting.md;
// `test:` factors are made up for tests only.

const base = { gwp: 'AR5', year: 2026, licence: 'OGL-3.0' } as const;

function desnz(slug: string, name: string, values: Factor['values'], extra: Partial<Factor> = {}): Factor {
  return {
    ...base,
    id: `desnz-2026:${slug}`,
    setId: 'desnz-2026',
    name,
    category: 'freight',
    unit: 'kgCO2e/t.km',
    values,
    region: 'GB',
    source: 'UK DESNZ GHG conversion factors 2026, freighting goods',
    ...extra,
  };
}

export const TEST_FACTORS: Factor[] = [
  desnz(
    'hgv-average',
    'HGV average, all diesel',
    { ttw: 0.10356, wtt: 0.02359, wtw: 0.12715 },
    { mode: 'road', dafIncluded: true },
  ),
  desnz(
    'hgv-refrigerated-articulated',
    'HGV refrigerated, articulated',
    { ttw: 0.09166, wtt: 0.02114, wtw: 0.1128 },
    { mode: 'road', dafIncluded: true, temperatureControlled: true },
  ),
  desnz('van-diesel-average', 'Van diesel average up to 3.5 t', { ttw: 0.63511, wtt: 0.15095, wtw: 0.78606 }, { mode: 'road' }),
  desnz('freight-train', 'Freight train', { ttw: 0.02583, wtt: 0.00691, wtw: 0.03274 }, { mode: 'rail' }),
  // Sailed-distance intensity: an SFD/GCD needs the x1.15 sea adjustment.
  desnz(
    'container-ship-average',
    'Container ship average',
    { ttw: 0.01612, wtt: 0.00365, wtw: 0.01977 },
    { mode: 'sea', distanceBasis: 'actual' },
  ),
  // Published as TTW and WTT; WTW is their sum. GCD-based, so a GCD gets +95 km.
  desnz(
    'air-long-haul',
    'Air freight long-haul, without RF',
    { ttw: 0.5313, wtt: 0.13516 },
    { mode: 'air', distanceBasis: 'GCD', radiativeForcing: false },
  ),
  {
    ...base,
    id: 'mee-2023:cn-grid-national',
    setId: 'mee-2023',
    name: 'China national grid average 2023',
    category: 'electricity',
    unit: 'kgCO2e/kWh',
    values: { wtw: 0.5306 },
    region: 'CN',
    year: 2023,
    source: 'MEE/NBS announcement on 2023 electricity CO2 emission factors',
    licence: 'public',
  },
  {
    ...base,
    id: 'test:diesel-b5',
    setId: 'test',
    name: 'Diesel B5 (GLEC-style WTW/WTT)',
    category: 'fuel',
    unit: 'kgCO2e/L',
    values: { wtw: 3.17, wtt: 0.63 },
    region: 'GLO',
    source: 'test value (pharox GLEC test case)',
    licence: 'test',
  },
  {
    ...base,
    id: 'test:hub-ambient',
    setId: 'test',
    name: 'Ambient transhipment hub',
    category: 'hub',
    unit: 'kgCO2e/t',
    values: { wtw: 1.5, ttw: 0.4 },
    region: 'GLO',
    source: 'test value',
    licence: 'test',
  },
];

const BY_ID = new Map(TEST_FACTORS.map((f) => [f.id, f]));

export const testResolver: FactorResolver = (id) => BY_ID.get(id);
