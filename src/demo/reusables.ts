import type { Db } from '../db/index.js';
import { captureEvents, createBoxType } from '../reusables/index.js';
import { demoPoolEvents } from '../reusables/pool/demo-events.js';

const DAY_MS = 86_400_000;
const BATCH = 5_000;

/**
 * Two brands' pools of RFID boxes with the year of EPCIS events up to today, captured through the
 * repository like any reader's events (so the KPIs the dashboard shows are derived, not stored).
 */
export async function loadReusables(db: Db, seed: number, nowMs = Date.now()): Promise<{ boxTypes: number; events: number }> {
  // Whole days, so the same seed on the same day gives the same events.
  const toMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const pools = demoPoolEvents({ seed, fromMs: toMs - 365 * DAY_MS, toMs });
  let events = 0;
  for (const pool of pools) {
    const t = pool.boxType;
    await createBoxType(db, pool.tenantId, {
      name: t.name,
      companyPrefix: t.companyPrefix,
      assetType: t.assetType,
      designTrips: t.designTrips,
      productionKgCo2e: t.productionKgCo2e,
      singleUseName: t.singleUseName,
      singleUseKgCo2e: t.singleUseKgCo2e,
      returnTransportKgCo2ePerTrip: t.returnTransportKgCo2ePerTrip,
      cleaningKgCo2ePerTrip: t.cleaningKgCo2ePerTrip,
      overdueAfterDays: t.overdueAfterDays,
      lostAfterDays: t.lostAfterDays,
    });
    for (let i = 0; i < pool.events.length; i += BATCH) {
      const job = await captureEvents(db, {
        tenantId: pool.tenantId,
        keyId: 'demo',
        behaviour: 'rollback',
        context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        events: pool.events.slice(i, i + BATCH),
      });
      if (!job.success) throw new Error(`demo EPCIS events refused: ${JSON.stringify(job.errors.slice(0, 3))}`);
      events += job.capturedCount;
    }
  }
  return { boxTypes: pools.length, events };
}
