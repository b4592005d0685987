import { seededRandom } from '../core/index.js';
import type { InlineHoc, InlineToc, ShipmentInput, SiteHoc } from './model.js';

// Seeded random shipments for the checker tests and the benchmark: the same seed always gives the
// same chains, mixing library and inline TOCs, hubs, DAF cases and distances from coordinates.

/** mulberry32: tiny seeded PRNG. */
export const seeded = seededRandom;

/** Inline categories the generated CSV names in its toc/hoc columns. */
export const GEN_TOCS: Record<string, InlineToc> = {
  'own-ev-van': {
    id: 'own-ev-van',
    co2eIntensityWtwKgPerTkm: 0.21,
    co2eIntensityTtwKgPerTkm: 0,
    dataType: 'primary',
    mode: 'road',
  },
  'carrier-b-ftl': {
    id: 'carrier-b-ftl',
    co2eIntensityWtwKgPerTkm: 0.17,
    co2eIntensityTtwKgPerTkm: 0.153,
    dataType: 'modelled',
    mode: 'road',
  },
  'reefer-primary': {
    id: 'reefer-primary',
    co2eIntensityWtwKgPerTkm: 0.13,
    co2eIntensityWttKgPerTkm: 0.028,
    dataType: 'primary',
    mode: 'road',
    temperatureControlled: true,
  },
};
export const GEN_HOCS: Record<string, InlineHoc | SiteHoc> = {
  'hub-sh': { id: 'hub-sh', co2eIntensityWtwKgPerT: 1.2 },
  'hub-hz-site': {
    id: 'hub-hz-site',
    kwh: 120000,
    gridFactorId: 'mee-2023:cn-grid-national',
    fuel: [{ litres: 900, factorId: 'test:diesel-b5' }],
    outboundTonnes: 52000,
  },
};

const ROAD = [
  'desnz-2026:hgv-average',
  'desnz-2026:hgv-refrigerated-articulated',
  'desnz-2026:van-diesel-average',
  'own-ev-van',
  'carrier-b-ftl',
  'reefer-primary',
];
const HUBS = ['test:hub-ambient', 'hub-sh', 'hub-hz-site'];
const CITIES = [
  { lat: 31.23, lon: 121.47 },
  { lat: 30.27, lon: 120.15 },
  { lat: 39.9, lon: 116.4 },
  { lat: 23.13, lon: 113.26 },
  { lat: 22.54, lon: 114.06 },
  { lat: 30.57, lon: 104.07 },
  { lat: 34.34, lon: 108.94 },
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** One random chain element; `i` is its index in the chain. */
function element(r: () => number): ShipmentInput['chain'][number] {
  const u = r();
  if (u < 0.2) return { type: 'hub', hoc: pick(r, HUBS) };
  if (u < 0.27)
    return {
      type: 'leg',
      toc: 'desnz-2026:container-ship-average',
      distanceKm: round(2000 + r() * 18000, 1),
      distanceType: pick(r, ['SFD', 'GCD', 'actual'] as const),
    };
  if (u < 0.32)
    return {
      type: 'leg',
      toc: 'desnz-2026:air-long-haul',
      distanceKm: round(800 + r() * 9000, 1),
      distanceType: pick(r, ['GCD', 'actual'] as const),
    };
  if (u < 0.4)
    return { type: 'leg', toc: 'desnz-2026:freight-train', distanceKm: round(100 + r() * 2000, 1), distanceType: 'SFD' };
  const toc = pick(r, ROAD);
  if (u < 0.6) {
    const a = pick(r, CITIES);
    let b = pick(r, CITIES);
    if (b === a) b = CITIES[(CITIES.indexOf(a) + 1) % CITIES.length];
    return { type: 'leg', toc, origin: a, destination: b };
  }
  return { type: 'leg', toc, distanceKm: round(1 + r() * 1500, 2), distanceType: pick(r, ['actual', 'SFD', 'GCD'] as const) };
}

export function randomShipment(r: () => number, id: string): ShipmentInput {
  const n = 1 + Math.floor(r() * 5);
  const chain = Array.from({ length: n }, () => element(r));
  return { id, massKg: round(0.2 + r() ** 3 * 25000, 3), chain };
}

export function randomShipments(seed: number, count: number): ShipmentInput[] {
  const r = seeded(seed);
  return Array.from({ length: count }, (_, i) => randomShipment(r, `S${seed}-${i}`));
}

export const CSV_HEADER =
  'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon\n';

/** The rows of one shipment in the batch CSV format (mass on the first row only when `massOnce`). */
export function shipmentCsv(s: ShipmentInput, massOnce = false): string {
  let out = '';
  s.chain.forEach((el, i) => {
    const mass = i === 0 || !massOnce ? String(s.massKg) : '';
    if (el.type === 'hub') out += `${s.id},${mass},hub,,${el.hoc as string},,,,,,\n`;
    else if (el.distanceKm !== undefined)
      out += `${s.id},${mass},leg,${el.toc as string},,${el.distanceKm},${el.distanceType ?? ''},,,,\n`;
    else
      out += `${s.id},${mass},leg,${el.toc as string},,,,${el.origin!.lat},${el.origin!.lon},${el.destination!.lat},${el.destination!.lon}\n`;
  });
  return out;
}

/** Generates at least `elements` chain elements as CSV text chunks of about 1 MB (header first). */
export function* randomCsvChunks(seed: number, elements: number): Generator<string, { shipments: number; elements: number }> {
  const r = seeded(seed);
  let made = 0;
  let shipments = 0;
  let buf = CSV_HEADER;
  while (made < elements) {
    const s = randomShipment(r, `S${shipments}`);
    buf += shipmentCsv(s, shipments % 2 === 0);
    made += s.chain.length;
    shipments++;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
  return { shipments, elements: made };
}
