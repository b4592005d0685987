/**
 * Demo data: a year of EPCIS 2.0 events for the reusable-box pools of two brands. Pure and deterministic
 * (a seed gives the same events); no database. The events follow the lifecycle mapping of
 * reference/epcis-rfid.md §1.3 and are meant to be captured as they are (the server fills in eventID and
 * recordTime).
 *
 * Each trip of a box: packing (AggregationEvent ADD, the GRAI as parent of a few SGTINs) → shipping (with a
 * desadv, in_transit) → receiving at the customer's site (sometimes read twice) → sometimes unpacking →
 * back after a dwell of mostly 3–20 days (some late, a few percent never: lost by time, some of those
 * declared `unknown`, a few found again months later) directly at the warehouse or via a collection station
 * (collecting, then receiving, both `returned`) → cleaning (custom bizStep, `available`). A few percent are
 * damaged at inspection (persistentDisposition set), then repaired (unset) or decommissioned. The brand
 * commissions its boxes in batches over the first months and tops the pool up when stock runs low.
 */
import { seededRandom } from '../../core/random.js';
import { gs1CheckDigit, urnToDigitalLink } from '../epc/index.js';
import { type BoxEvent, type BoxType, CLEANING_BIZ_STEP } from './model.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const TZ = '+08:00';
const TZ_MS = 8 * HOUR_MS;

/** An EPCIS 2.0 JSON-LD event as the generator writes it (ObjectEvent or AggregationEvent). */
export interface DemoEpcisEvent {
  type: 'ObjectEvent' | 'AggregationEvent';
  eventTime: string;
  eventTimeZoneOffset: string;
  epcList?: string[];
  parentID?: string;
  childEPCs?: string[];
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep: string;
  disposition?: string;
  readPoint: { id: string };
  bizLocation?: { id: string };
  bizTransactionList?: { type: string; bizTransaction: string }[];
  sourceList?: { type: string; source: string }[];
  destinationList?: { type: string; destination: string }[];
  persistentDisposition?: { set?: string[]; unset?: string[] };
}

/** The CO2e and timing figures of a box type (BoxType without its identity fields). */
export type DemoBoxFigures = Pick<
  BoxType,
  | 'name'
  | 'designTrips'
  | 'productionKgCo2e'
  | 'singleUseName'
  | 'singleUseKgCo2e'
  | 'returnTransportKgCo2ePerTrip'
  | 'cleaningKgCo2ePerTrip'
  | 'overdueAfterDays'
  | 'lostAfterDays'
>;

export interface DemoPoolBrand {
  tenantId: string;
  /** GS1 company prefix and GRAI asset type (12 digits together). */
  companyPrefix: string;
  assetType: string;
  /** Boxes commissioned over the first three months (the pool then gets top-ups when stock runs low). */
  boxes: number;
  /** Mean box trips a day (weekdays more, Sundays less); default boxes × 0.05. */
  tripsPerDay?: number;
  /** Share of shipped boxes that never come back; default 0.05. */
  lossRate?: number;
  /** Customer sites; default 24. */
  customers?: number;
  /** Box type figures; defaults: a PP foldable crate (see DEMO_POOL_BRANDS). */
  boxType?: Partial<DemoBoxFigures>;
}

export interface DemoPoolOptions {
  seed: number;
  brands?: readonly DemoPoolBrand[];
  fromMs: number;
  /** Exclusive: no event at or after it. */
  toMs: number;
}

export interface DemoPool {
  tenantId: string;
  /** The pool's box type; `id` and `createdAt` are suggestions (the store assigns its own). */
  boxType: BoxType;
  /** In eventTime order. */
  events: DemoEpcisEvent[];
  /** What the simulation did (within the window), to check the derived KPIs against. */
  truth: {
    boxesCommissioned: number;
    /** Box shipments (trips started). */
    shipments: number;
    /** Boxes that were drawn never to come back (before any late find). */
    neverReturned: number;
    foundAgain: number;
    damaged: number;
    retired: number;
  };
}

/*
 * Illustrative demo parameters, not measured data. Published ranges they sit in (reference/epcis-rfid.md §4):
 * reusable plastic crates beat single-use after at least 3 deliveries (Tua et al. 2019) and a reusable
 * corrugated box after 2–3 cycles (Re-Zip LCA); a letter-post return costs about 0.037 kg CO2e (RePack);
 * real pools reach 10–20 trips per unit though designed for 100 (Österreichische Post pilot); the non-return
 * rate dominates the result (0 % → −51 %, 40 % → +40 % CO2e, Fashion for Good 2021). Production of a PP
 * foldable box ~2.5 kg CO2e, a single-use corrugated carton ~0.35–0.6 kg, return transport ~0.05–0.1 kg
 * and cleaning ~0.02 kg per trip are order-of-magnitude assumptions for the demo.
 */
const CRATE: DemoBoxFigures = {
  name: 'PP foldable crate 600×400×320 (RFID GRAI)',
  designTrips: 100,
  productionKgCo2e: 2.6,
  singleUseName: 'Double-wall corrugated carton 600×400×320',
  singleUseKgCo2e: 0.55,
  returnTransportKgCo2ePerTrip: 0.08,
  cleaningKgCo2ePerTrip: 0.02,
  overdueAfterDays: 30,
  lostAfterDays: 90,
};

const TOTE: DemoBoxFigures = {
  name: 'PP foldable tote 400×300×220 (RFID GRAI)',
  designTrips: 80,
  productionKgCo2e: 1.6,
  singleUseName: 'Single-wall corrugated carton 400×300×220 with paper fill',
  singleUseKgCo2e: 0.38,
  returnTransportKgCo2ePerTrip: 0.06,
  cleaningKgCo2ePerTrip: 0.02,
  overdueAfterDays: 21,
  lostAfterDays: 60,
};

/** The demo network's two brands (GS1 example company prefixes). */
export const DEMO_POOL_BRANDS: readonly DemoPoolBrand[] = [
  {
    tenantId: 'ten_brand_outdoor',
    companyPrefix: '0614141',
    assetType: '10001',
    boxes: 420,
    lossRate: 0.035,
    boxType: CRATE,
  },
  {
    tenantId: 'ten_brand_beauty',
    companyPrefix: '4012345',
    assetType: '20001',
    boxes: 320,
    lossRate: 0.05,
    boxType: TOTE,
  },
];

/** Collection stations of the neighbourhood-station operator (an illustrative company prefix). */
const STATION_GCP = '6901234';
const STATIONS = 12;

/** `2025-03-04T09:15:00+08:00`. */
function localTime(ms: number): string {
  return `${new Date(ms + TZ_MS).toISOString().slice(0, 19)}${TZ}`;
}

const sgln = (gcp: string, locRef: number, ext: string | number = 0): string =>
  `urn:epc:id:sgln:${gcp}.${String(locRef).padStart(12 - gcp.length, '0')}.${ext}`;

const gln = (gcp: string, locRef: number): string => {
  const body = gcp + String(locRef).padStart(12 - gcp.length, '0');
  return body + gs1CheckDigit(body);
};

/** Canonical Digital Link of a GRAI class. */
export const demoGraiClass = (companyPrefix: string, assetType: string): string =>
  `https://id.gs1.org/8003/0${companyPrefix}${assetType}${gs1CheckDigit(companyPrefix + assetType)}`;

interface SimBox {
  urn: string;
  readyMs: number;
}

interface Customer {
  site: string;
  transitDays: number;
  dwellScale: number;
  lossFactor: number;
}

function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit && k < 200) {
    k++;
    p *= rand();
  }
  return k;
}

const between = (rand: () => number, lo: number, hi: number): number => lo + rand() * (hi - lo);

/** One brand's year. */
function simulateBrand(brand: DemoPoolBrand, index: number, opts: DemoPoolOptions): DemoPool {
  const rand = seededRandom((opts.seed * 7919 + (index + 1) * 104_729) >>> 0);
  const figures: DemoBoxFigures = { ...CRATE, ...brand.boxType };
  const gcp = brand.companyPrefix;
  const lossRate = brand.lossRate ?? 0.05;
  const tripsPerDay = brand.tripsPerDay ?? brand.boxes * 0.05;
  const warehouse = sgln(gcp, 1);
  const warehouseGln = gln(gcp, 1);
  const dock = sgln(gcp, 1, 1);
  const packStation = sgln(gcp, 1, 2);
  const washLine = sgln(gcp, 1, 3);
  const owner = `urn:epc:id:pgln:${gcp}.${'0'.repeat(12 - gcp.length)}`;
  const customers: Customer[] = Array.from({ length: brand.customers ?? 24 }, (_, i) => ({
    site: sgln(gcp, 20_001 + i),
    transitDays: 1 + Math.floor(rand() * 3),
    dwellScale: between(rand, 0.6, 1.6),
    lossFactor: between(rand, 0.3, 1.7),
  }));
  const itemDigits = 12 - gcp.length; // indicator digit + item reference = 13 digits with the prefix
  const items = Array.from(
    { length: 8 },
    (_, i) =>
      `0${String(10_001 + i * 7)
        .padStart(itemDigits, '0')
        .slice(-itemDigits)}`,
  );

  const stamped: { ms: number; event: DemoEpcisEvent }[] = [];
  const truth: DemoPool['truth'] = {
    boxesCommissioned: 0,
    shipments: 0,
    neverReturned: 0,
    foundAgain: 0,
    damaged: 0,
    retired: 0,
  };
  type Body = Omit<DemoEpcisEvent, 'type' | 'eventTime' | 'eventTimeZoneOffset'>;
  /** Records an event when it falls in the window; says whether it did. */
  const emit = (ms: number, body: Body, type: DemoEpcisEvent['type'] = 'ObjectEvent'): boolean => {
    if (ms < opts.fromMs || ms >= opts.toMs) return false;
    stamped.push({ ms, event: { type, eventTime: localTime(ms), eventTimeZoneOffset: TZ, ...body } });
    return true;
  };

  const stock: SimBox[] = [];
  let serial = 0;
  let itemSerial = 0;
  let orderNo = 0;
  let lastTopUpMs = Number.NEGATIVE_INFINITY;

  const commission = (count: number, ms: number): void => {
    const batch: SimBox[] = [];
    for (let i = 0; i < count; i++) {
      serial++;
      batch.push({ urn: `urn:epc:id:grai:${gcp}.${brand.assetType}.${serial}`, readyMs: ms + 3 * HOUR_MS });
    }
    const epcList = batch.map((b) => b.urn);
    if (
      emit(ms, {
        epcList,
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: { id: warehouse },
        bizLocation: { id: warehouse },
      })
    ) {
      truth.boxesCommissioned += count;
    }
    emit(ms + 2 * HOUR_MS, {
      epcList,
      action: 'OBSERVE',
      bizStep: 'storing',
      disposition: 'available',
      readPoint: { id: warehouse },
      bizLocation: { id: warehouse },
    });
    stock.push(...batch);
  };

  /** The box back at the warehouse at `ms`: inspection, then cleaning or repair or retirement. */
  const afterReturn = (boxes: SimBox[], ms: number): void => {
    const clean: SimBox[] = [];
    for (const box of boxes) {
      if (rand() >= 0.03) {
        clean.push(box);
        continue;
      }
      const inspectMs = ms + Math.round(between(rand, 1, 4) * HOUR_MS);
      if (
        emit(inspectMs, {
          epcList: [box.urn],
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition: 'needs_replacement',
          readPoint: { id: washLine },
          bizLocation: { id: warehouse },
          persistentDisposition: { set: ['damaged'] },
        })
      ) {
        truth.damaged++;
      }
      if (rand() < 0.75) {
        const repairMs = inspectMs + Math.round(between(rand, 2, 10) * DAY_MS);
        emit(repairMs, {
          epcList: [box.urn],
          action: 'OBSERVE',
          bizStep: 'repairing',
          disposition: 'available',
          readPoint: { id: washLine },
          bizLocation: { id: warehouse },
          persistentDisposition: { unset: ['damaged'] },
        });
        box.readyMs = repairMs;
        stock.push(box);
      } else {
        const retireMs = inspectMs + Math.round(between(rand, 1, 5) * DAY_MS);
        if (
          emit(retireMs, {
            epcList: [box.urn],
            action: 'DELETE',
            bizStep: 'decommissioning',
            disposition: 'inactive',
            readPoint: { id: warehouse },
            bizLocation: { id: warehouse },
          })
        ) {
          truth.retired++;
        }
      }
    }
    if (clean.length === 0) return;
    const cleanMs = ms + Math.round(between(rand, 4, 30) * HOUR_MS);
    emit(cleanMs, {
      epcList: clean.map((b) => b.urn),
      action: 'OBSERVE',
      bizStep: CLEANING_BIZ_STEP,
      disposition: 'available',
      readPoint: { id: washLine },
      bizLocation: { id: warehouse },
    });
    for (const box of clean) {
      box.readyMs = cleanMs + HOUR_MS;
      stock.push(box);
    }
  };

  /** Takes the box ready longest by `ms` out of stock. */
  const takeReady = (ms: number): SimBox | null => {
    let best = -1;
    for (let i = 0; i < stock.length; i++) {
      const b = stock[i] as SimBox;
      if (b.readyMs <= ms && (best < 0 || b.readyMs < (stock[best] as SimBox).readyMs)) best = i;
    }
    if (best < 0) return null;
    return stock.splice(best, 1)[0] as SimBox;
  };

  const trip = (boxes: SimBox[], packMs: number, customer: Customer): void => {
    orderNo++;
    const desadv = {
      type: 'desadv',
      bizTransaction: `urn:epcglobal:cbv:bt:${warehouseGln}:DESADV-${brand.assetType}-${orderNo}`,
    };
    const contents = new Map<SimBox, string[]>();
    for (const [i, box] of boxes.entries()) {
      const item = items[Math.floor(rand() * items.length)] as string;
      const childEPCs = Array.from(
        { length: 1 + Math.floor(rand() * 3) },
        () => `urn:epc:id:sgtin:${gcp}.${item}.${++itemSerial}`,
      );
      contents.set(box, childEPCs);
      emit(
        packMs + i * 4 * 60_000,
        {
          parentID: box.urn,
          childEPCs,
          action: 'ADD',
          bizStep: 'packing',
          disposition: 'container_closed',
          readPoint: { id: packStation },
          bizLocation: { id: warehouse },
        },
        'AggregationEvent',
      );
    }
    const epcList = boxes.map((b) => b.urn);
    const shipMs = packMs + Math.round(between(rand, 1, 3) * HOUR_MS);
    if (
      emit(shipMs, {
        epcList,
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: { id: dock },
        bizTransactionList: [desadv],
        sourceList: [
          { type: 'owning_party', source: owner },
          { type: 'location', source: warehouse },
        ],
        destinationList: [{ type: 'location', destination: customer.site }],
      })
    ) {
      truth.shipments += boxes.length;
    }
    const arriveDay = Math.floor((shipMs + TZ_MS) / DAY_MS) * DAY_MS - TZ_MS + customer.transitDays * DAY_MS;
    const receiveMs = arriveDay + Math.round(between(rand, 9, 17) * HOUR_MS);
    const site = { id: customer.site };
    emit(receiveMs, {
      epcList,
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: site,
      bizLocation: site,
      bizTransactionList: [desadv],
    });
    if (rand() < 0.02) {
      // A second read of the same delivery a few minutes later (duplicate-looking, harmless).
      emit(receiveMs + Math.round(between(rand, 1, 15) * 60_000), {
        epcList,
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: site,
        bizLocation: site,
        bizTransactionList: [desadv],
      });
    }
    for (const box of boxes) {
      if (rand() < 0.5) {
        const childEPCs = contents.get(box) as string[];
        emit(
          receiveMs + Math.round(between(rand, 1, 6) * HOUR_MS),
          { parentID: box.urn, childEPCs, action: 'DELETE', bizStep: 'unpacking', readPoint: site, bizLocation: site },
          'AggregationEvent',
        );
      }
    }

    // Dwell at the customer: most 3–20 days, some late, a few very late (overdue, not lost).
    const r = rand();
    const dwellDays =
      r < 0.85
        ? 3 + 17 * rand() ** 1.3 * customer.dwellScale
        : r < 0.97
          ? between(rand, 21, 45)
          : between(rand, 45, Math.max(46, figures.lostAfterDays - 5));
    const returnDay = Math.floor((receiveMs + TZ_MS) / DAY_MS) * DAY_MS - TZ_MS + Math.max(2, Math.round(dwellDays)) * DAY_MS;
    const back: SimBox[] = [];
    for (const box of boxes) {
      if (rand() >= lossRate * customer.lossFactor) {
        back.push(box);
        continue;
      }
      truth.neverReturned++;
      if (rand() < 0.3) {
        // The customer reports it missing.
        const reportMs = shipMs + Math.round(between(rand, 35, Math.min(55, figures.lostAfterDays - 1)) * DAY_MS);
        emit(reportMs, {
          epcList: [box.urn],
          action: 'OBSERVE',
          bizStep: 'other',
          disposition: 'unknown',
          readPoint: site,
          bizLocation: site,
        });
      } else if (rand() < 0.15) {
        // Found months later and sent back.
        const foundMs = shipMs + Math.round(between(rand, figures.lostAfterDays + 20, figures.lostAfterDays + 120) * DAY_MS);
        if (
          emit(foundMs, {
            epcList: [box.urn],
            action: 'OBSERVE',
            bizStep: 'receiving',
            disposition: 'returned',
            readPoint: { id: dock },
            bizLocation: { id: warehouse },
          })
        ) {
          truth.foundAgain++;
        }
        afterReturn([box], foundMs);
      }
    }
    if (back.length === 0) return;
    const backList = back.map((b) => b.urn);
    let atWarehouseMs: number;
    if (rand() < 0.25) {
      const station = sgln(STATION_GCP, 30_001 + Math.floor(rand() * STATIONS));
      const collectMs = returnDay + Math.round(between(rand, 8, 20) * HOUR_MS);
      emit(collectMs, {
        epcList: backList,
        action: 'OBSERVE',
        bizStep: 'collecting',
        disposition: 'returned',
        readPoint: { id: station },
        bizLocation: { id: station },
      });
      atWarehouseMs = collectMs + Math.round(between(rand, 1, 2) * DAY_MS);
    } else {
      atWarehouseMs = returnDay + customer.transitDays * DAY_MS + Math.round(between(rand, 9, 17) * HOUR_MS);
    }
    emit(atWarehouseMs, {
      epcList: backList,
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'returned',
      readPoint: { id: dock },
      bizLocation: { id: warehouse },
    });
    afterReturn(back, atWarehouseMs);
  };

  const firstDay = Math.floor((opts.fromMs + TZ_MS) / DAY_MS) * DAY_MS - TZ_MS;
  const batches = 4;
  for (let d = 0; firstDay + d * DAY_MS < opts.toMs; d++) {
    const dayMs = firstDay + d * DAY_MS;
    if (d % 21 === 0 && d / 21 < batches) {
      const count = Math.floor(brand.boxes / batches) + (d / 21 < brand.boxes % batches ? 1 : 0);
      commission(count, dayMs + 8 * HOUR_MS);
      lastTopUpMs = dayMs;
    } else if (d >= 90 && dayMs - lastTopUpMs >= 21 * DAY_MS) {
      const readyNow = stock.filter((b) => b.readyMs <= dayMs + 9 * HOUR_MS).length;
      if (readyNow < brand.boxes * 0.1) {
        commission(Math.max(10, Math.round(brand.boxes * 0.1)), dayMs + 8 * HOUR_MS);
        lastTopUpMs = dayMs;
      }
    }
    const weekday = new Date(dayMs + TZ_MS).getUTCDay();
    const factor = weekday === 0 ? 0.3 : weekday === 6 ? 0.6 : 1.15;
    const orders = poisson(rand, (tripsPerDay / 1.7) * factor);
    for (let o = 0; o < orders; o++) {
      const packMs = dayMs + Math.round(between(rand, 9, 17) * HOUR_MS);
      const want = rand() < 0.5 ? 1 : rand() < 0.6 ? 2 : 3;
      const boxes: SimBox[] = [];
      for (let i = 0; i < want; i++) {
        const box = takeReady(packMs);
        if (box) boxes.push(box);
      }
      if (boxes.length > 0) trip(boxes, packMs, customers[Math.floor(rand() * customers.length)] as Customer);
    }
  }

  stamped.sort((a, b) => a.ms - b.ms); // stable: same-time events keep their causal order
  const events = stamped.map((s) => s.event);

  const boxType: BoxType = {
    id: `boxt_demo_${brand.assetType}`,
    tenantId: brand.tenantId,
    companyPrefix: gcp,
    assetType: brand.assetType,
    graiClass: demoGraiClass(gcp, brand.assetType),
    ...figures,
    createdAt: new Date(opts.fromMs).toISOString(),
  };
  return { tenantId: brand.tenantId, boxType, events, truth };
}

/**
 * A year (or any window) of EPCIS 2.0 events for each brand's box pool, deterministic for a seed.
 * Events are JSON-LD objects with pure-identity URNs (GRAI boxes, SGTIN goods, SGLN sites), bare CBV terms
 * (the cleaning step is CLEANING_BIZ_STEP), `+08:00` event times and no eventID. Only events in
 * [fromMs, toMs) are returned.
 */
export function demoPoolEvents(opts: DemoPoolOptions): DemoPool[] {
  return (opts.brands ?? DEMO_POOL_BRANDS).map((brand, i) => simulateBrand(brand, i, opts));
}

/**
 * The (event, box) rows of generated events for one GRAI class, as the repository's index gives them
 * (epc as canonical Digital Link). For tests and tools; stored events go through the repository instead.
 */
export function demoBoxEvents(events: readonly DemoEpcisEvent[], graiClass: string): BoxEvent[] {
  const dl = new Map<string, string>();
  const toDl = (urn: string): string => {
    let v = dl.get(urn);
    if (v === undefined) {
      v = urn.startsWith('urn:epc:id:grai:') ? urnToDigitalLink(urn) : urn;
      dl.set(urn, v);
    }
    return v;
  };
  const out: BoxEvent[] = [];
  for (const e of events) {
    const timeMs = Date.parse(e.eventTime);
    const refs: { epc: string; role: BoxEvent['role'] }[] = [];
    for (const urn of e.epcList ?? []) refs.push({ epc: toDl(urn), role: 'epc' });
    for (const urn of e.childEPCs ?? []) refs.push({ epc: toDl(urn), role: 'child' });
    if (e.parentID) refs.push({ epc: toDl(e.parentID), role: 'parent' });
    for (const ref of refs) {
      if (!ref.epc.startsWith(graiClass)) continue;
      out.push({
        epc: ref.epc,
        timeMs,
        type: e.type,
        action: e.action,
        bizStep: e.bizStep,
        disposition: e.disposition ?? null,
        pdSet: e.persistentDisposition?.set ?? [],
        pdUnset: e.persistentDisposition?.unset ?? [],
        role: ref.role,
        errorDeclared: false,
      });
    }
  }
  return out;
}
