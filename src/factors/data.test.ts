import { describe, expect, it } from 'vitest';
import { BUILT_IN_FACTORS, BUILT_IN_SETS, builtInResolver, factorValue, parseFactorSetDocument } from './index.js';

// Golden values from reference/carbon-accounting.md §2b/§2d and reference/packing.md (kgCO2e/t.km,
// kgCO2/kWh, kgCO2e/kg).
const FREIGHT_GOLDEN: Record<string, [ttw: number, wtt: number, wtw: number]> = {
  'desnz-2026:van-diesel-average': [0.63511, 0.15095, 0.78606],
  'desnz-2026:hgv-average': [0.10356, 0.02359, 0.12715],
  'desnz-2026:hgv-rigid-over-17t': [0.17256, 0.03736, 0.20992],
  'desnz-2026:hgv-articulated-over-33t': [0.07835, 0.01799, 0.09634],
  'desnz-2026:hgv-refrigerated-average': [0.12122, 0.02769, 0.14891],
  'desnz-2026:hgv-refrigerated-articulated': [0.09166, 0.02114, 0.1128],
  'desnz-2026:freight-train': [0.02583, 0.00691, 0.03274],
  'desnz-2026:container-ship-average': [0.01612, 0.00365, 0.01977],
  'desnz-2026:bulk-carrier-average': [0.00353, 0.0008, 0.00433],
  'desnz-2026:roro-ferry': [0.05158, 0.0117, 0.06328],
  // Air: published TTW (without / with RF) and WTT; WTW = TTW + WTT [derived].
  'desnz-2026:air-long-haul': [0.5313, 0.13516, 0.66646],
  'desnz-2026:air-long-haul-rf': [0.89939, 0.13516, 1.03455],
  'desnz-2026:air-short-haul': [0.75539, 0.20515, 0.96054],
  'desnz-2026:air-short-haul-rf': [1.27835, 0.20515, 1.4835],
  'desnz-2026:air-domestic': [2.71931, 0.57429, 3.2936],
  'desnz-2026:air-domestic-rf': [4.60397, 0.57429, 5.17826],
};

const SINGLE_GOLDEN: Record<string, number> = {
  'mee-2023:cn-grid-national': 0.5306,
  'mee-2023:cn-grid-north': 0.6361,
  'mee-2023:cn-grid-northeast': 0.5122,
  'mee-2023:cn-grid-east': 0.55,
  'mee-2023:cn-grid-central': 0.5271,
  'mee-2023:cn-grid-northwest': 0.5543,
  'mee-2023:cn-grid-south': 0.4042,
  'mee-2023:cn-grid-southwest': 0.2472,
  'mee-2023:cn-grid-national-excl-market-nonfossil': 0.6096,
  'mee-2023:cn-grid-fossil': 0.8273,
  'mee-2022:cn-grid-national': 0.5366,
  'mee-2022:cn-grid-national-excl-market-nonfossil': 0.5856,
  'fefco-2021:corrugated-board': 0.491,
  // DESNZ material use, kgCO2e/t / 1000
  'desnz-2026:board-primary': 1.19973,
  'desnz-2026:board-closed-loop': 1.09811,
  'desnz-2026:paper-primary': 1.34508,
  'desnz-2026:plastic-film-primary': 2.91651,
  'desnz-2026:ps-closed-loop': 2.66976,
  'desnz-2026:plastic-average-primary': 3.1725,
};

const FUEL_TTW_GOLDEN: Record<string, [number, string]> = {
  'desnz-2026:diesel-mineral-per-litre': [2.66155, 'kgCO2e/L'],
  'desnz-2026:diesel-mineral-per-tonne': [3203.9, 'kgCO2e/t'],
  'desnz-2026:diesel-mineral-per-kwh': [0.26806, 'kgCO2e/kWh'],
  'desnz-2026:lng-per-tonne': [2536.85, 'kgCO2e/t'],
  'desnz-2026:cng-per-tonne': [2507.72, 'kgCO2e/t'],
  'desnz-2026:marine-gas-oil-per-tonne': [3245.3, 'kgCO2e/t'],
  'desnz-2026:marine-fuel-oil-per-tonne': [3154.75, 'kgCO2e/t'],
  'desnz-2026:hvo-per-litre': [0.03558, 'kgCO2e/L'],
};

describe('built-in factor sets', () => {
  it.each(Object.entries(FREIGHT_GOLDEN))('%s has the reference TTW, WTT and WTW per t.km', (id, [ttw, wtt, wtw]) => {
    const f = builtInResolver(id);
    expect(f, id).toBeDefined();
    expect(f!.unit).toBe('kgCO2e/t.km');
    expect(f!.values.ttw).toBeCloseTo(ttw, 10);
    expect(f!.values.wtt).toBeCloseTo(wtt, 10);
    expect(f!.values.wtw).toBeCloseTo(wtw, 10);
  });

  it.each(Object.entries(SINGLE_GOLDEN))('%s has the reference value', (id, value) => {
    const f = builtInResolver(id);
    expect(f, id).toBeDefined();
    expect(f!.values.wtw).toBeCloseTo(value, 10);
    expect(f!.values.ttw).toBeUndefined();
  });

  it.each(Object.entries(FUEL_TTW_GOLDEN))('%s has the reference combustion factor', (id, [ttw, unit]) => {
    expect(builtInResolver(id)).toMatchObject({ category: 'fuel', unit, values: { ttw } });
  });

  it('every factor shows its source, licence, GWP basis, unit, region and year', () => {
    expect(BUILT_IN_FACTORS.length).toBeGreaterThan(60);
    for (const f of BUILT_IN_FACTORS) {
      for (const field of ['source', 'licence', 'gwp', 'unit', 'region', 'name'] as const) {
        expect(f[field], `${f.id} ${field}`).toMatch(/\S/);
      }
      expect(Number.isInteger(f.year) && f.year >= 2020 && f.year <= 2026, `${f.id} year`).toBe(true);
      expect(f.id.startsWith(`${f.setId}:`), f.id).toBe(true);
    }
  });

  it('WTW = TTW + WTT within 1e-5 wherever all three are given (recomputed here)', () => {
    let checked = 0;
    for (const { id, values } of BUILT_IN_FACTORS) {
      if (values.ttw === undefined || values.wtt === undefined || values.wtw === undefined) continue;
      expect(Math.abs(values.wtw - (values.ttw + values.wtt)), id).toBeLessThanOrEqual(1e-5);
      checked++;
    }
    expect(checked).toBe(Object.keys(FREIGHT_GOLDEN).length);
  });

  it('ids are unique across sets', () => {
    const ids = BUILT_IN_FACTORS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('records what decides the distance adjustment on every freight factor', () => {
    for (const f of BUILT_IN_FACTORS.filter((x) => x.category === 'freight')) {
      expect(f.mode, f.id).toBeDefined();
      expect(f.distanceBasis, f.id).toBeDefined();
      expect(f.dafIncluded, f.id).toBeDefined();
    }
    expect(builtInResolver('desnz-2026:hgv-average')).toMatchObject({ mode: 'road', dafIncluded: true });
    expect(builtInResolver('desnz-2026:container-ship-average')).toMatchObject({ mode: 'sea', dafIncluded: false });
    expect(builtInResolver('desnz-2026:air-long-haul')).toMatchObject({
      mode: 'air',
      distanceBasis: 'GCD',
      dafIncluded: false,
      radiativeForcing: false,
    });
    expect(builtInResolver('desnz-2026:air-long-haul-rf')?.radiativeForcing).toBe(true);
    expect(builtInResolver('desnz-2026:hgv-refrigerated-articulated')?.temperatureControlled).toBe(true);
  });

  it('marks grid factors as CO2 from generation, location- or market-based', () => {
    expect(builtInResolver('mee-2023:cn-grid-national')).toMatchObject({
      unit: 'kgCO2/kWh',
      gwp: 'CO2 only',
      coverage: 'generation',
      scope2Method: 'location',
      region: 'CN',
      year: 2023,
    });
    expect(builtInResolver('mee-2023:cn-grid-national-excl-market-nonfossil')?.scope2Method).toBe('market');
    expect(builtInResolver('mee-2023:cn-grid-east')?.region).toBe('CN-East');
  });

  it('ships only openly usable sets and never GLEC default tables', () => {
    expect(BUILT_IN_SETS.map((s) => s.id)).toEqual(['desnz-2026', 'mee-2022', 'mee-2023', 'fefco-2021']);
    for (const f of BUILT_IN_FACTORS) expect(`${f.source} ${f.licence}`).not.toMatch(/GLEC|Smart Freight/i);
    expect(builtInResolver('desnz-2026:hgv-average')?.licence).toBe('Open Government Licence v3.0');
  });

  it('pass the same validation as user-loaded sets', () => {
    for (const { builtIn: _b, tenantId: _t, ...set } of BUILT_IN_SETS) {
      const parsed = parseFactorSetDocument(JSON.parse(JSON.stringify(set)));
      expect(parsed.factors).toEqual(set.factors);
    }
  });

  it('cannot be changed by a caller', () => {
    const f = builtInResolver('desnz-2026:hgv-average')!;
    expect(() => {
      (f.values as { wtw: number }).wtw = 1;
    }).toThrow(TypeError);
    expect(builtInResolver('desnz-2026:hgv-average')?.values.wtw).toBe(0.12715);
  });

  it('derives WTW from its parts only when WTW is not given', () => {
    const hgv = builtInResolver('desnz-2026:hgv-average')!;
    expect(factorValue(hgv, 'WTW')).toBe(0.12715);
    expect(factorValue({ ...hgv, values: { ttw: 0.1, wtt: 0.02 } }, 'WTW')).toBeCloseTo(0.12, 12);
    expect(factorValue({ ...hgv, values: { ttw: 0.1 } }, 'WTW')).toBeUndefined();
    expect(factorValue(hgv, 'WTT')).toBe(0.02359);
  });

  it('resolves unknown ids to undefined', () => {
    expect(builtInResolver('desnz-2026:nope')).toBeUndefined();
    expect(builtInResolver('glec:anything')).toBeUndefined();
  });
});
