import type { Factor, Scope2Method } from '../model.js';

// Shared shape of the China MEE/NBS electricity CO2 factor sets (one module per year beside this file).

export const MEE_LICENCE = 'Public government data (PRC MEE/NBS)';
export const MEE_PUBLISHER = 'PRC Ministry of Ecology and Environment (MEE) and National Bureau of Statistics (NBS)';

// Why `wtw` holds the value: engines read one grid value as WTW (ISO 14083 puts all electricity emissions
// upstream of the vehicle). The value covers CO2 from generation only, hence `coverage: 'generation'`.
const GRID_NOTE =
  'CO2 from power generation only (no CH4/N2O, no T&D losses, no upstream fuel supply), stored under wtw. ' +
  'For an electric vehicle TTW is 0 and the whole value is upstream.';

export interface GridRow {
  slug: string;
  name: string;
  region: string;
  kgCo2PerKwh: number;
  scope2Method?: Scope2Method;
  notes?: string;
}

export function gridFactor(setId: string, year: number, source: string, sourceUrl: string | undefined, row: GridRow): Factor {
  return {
    id: `${setId}:${row.slug}`,
    setId,
    name: row.name,
    category: 'electricity',
    unit: 'kgCO2/kWh',
    values: { wtw: row.kgCo2PerKwh },
    gwp: 'CO2 only',
    region: row.region,
    year,
    source,
    ...(sourceUrl ? { sourceUrl } : {}),
    licence: MEE_LICENCE,
    coverage: 'generation',
    ...(row.scope2Method ? { scope2Method: row.scope2Method } : {}),
    notes: row.notes ? `${row.notes} ${GRID_NOTE}` : GRID_NOTE,
  };
}

export const RESIDUAL_NOTE =
  'National average excluding market-traded non-fossil power (green power and certificates sold): ' +
  'the natural residual-mix proxy for market-based Scope 2.';
