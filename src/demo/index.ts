import { countTenants } from '../auth/index.js';
import type { KeyRing } from '../core/index.js';
import type { Db } from '../db/index.js';
import { loadFootprints } from './footprints.js';
import { loadNetwork } from './network.js';
import { loadOrders } from './orders.js';
import { loadRecycling } from './recycling.js';
import { loadReusables } from './reusables.js';
import { loadRoutingPlan } from './routing.js';
import { loadSolar } from './solar.js';
import { loadWaybills } from './waybills.js';

export interface DemoSummary {
  description: string;
  counts: Record<string, number>;
}

export interface DemoOptions {
  /** Seed of the generator; the same seed gives the same network. */
  seed?: number;
  /** Personal-data keys: demo orders carry (made-up) recipients, stored encrypted. */
  keyRing: KeyRing;
}

/** The demo goes only into an empty database, never over a user's data. */
export async function needsDemo(db: Db): Promise<boolean> {
  return (await countTenants(db)) === 0;
}

/** Loads the deterministic demo network in one transaction. */
export async function loadDemo(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const seed = options.seed ?? 2021;
  const counts = await loadNetwork(db, seed);
  counts.shipmentFootprints = await loadFootprints(db, seed);
  const packing = await loadOrders(db, options.keyRing, seed);
  counts.orders = packing.orders;
  counts.catalogBoxes = packing.boxes;
  counts.routingPlans = await loadRoutingPlan(db, seed);
  counts.waybills = await loadWaybills(db, options.keyRing, seed);
  const reusables = await loadReusables(db, seed);
  counts.reusableBoxTypes = reusables.boxTypes;
  counts.epcisEvents = reusables.events;
  const recycling = await loadRecycling(db, seed);
  counts.recyclingStations = recycling.stations;
  counts.dropoffs = recycling.dropoffs;
  counts.reused = recycling.reused;
  const solar = await loadSolar(db, seed);
  counts.solarSystems = solar.systems;
  counts.solarKwp = solar.installedKwp;
  counts.solarReadings = solar.meterReadings + solar.sensorReadings + solar.siteReadings;
  const description = Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return { description, counts };
}
