import { sql } from 'kysely';
import { invalid } from '../core/index.js';
import type { Db } from '../db/index.js';
import { expire } from './ledger.js';

/** Points are valid for two years after they were earned unless the operator says otherwise. */
export const DEFAULT_VALIDITY_MONTHS = 24;

export interface ExpiryRun {
  tenantId: string;
  /** The run's day (UTC); it is in every entry's idempotency key, so a second run that day changes nothing. */
  asOf: string;
  validityMonths: number;
  /** Points earned before this instant have expired unless they were spent. */
  cutoff: string;
  consumers: number;
  pointsExpired: number;
}

/** `day` minus whole calendar months, at 00:00 UTC (31 March minus one month is 3 March, as Date does). */
function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

/**
 * The points-expiry job: points earned before `asOf - validityMonths` and not spent by then expire.
 * Spending is first in, first out: every debit (redemption, expiry, reversal of an award) uses the
 * oldest points first, so what a consumer can lose is `credits before the cutoff - all debits so far`
 * (never more than the balance). Each consumer gets one `expire` entry per run day; running the job again
 * the same day replays those entries, and the next day only newly expired points go.
 */
export async function expireOldPoints(
  db: Db,
  tenantId: string,
  opts: { asOf?: string | undefined; validityMonths?: number | undefined; nowMs?: number } = {},
): Promise<ExpiryRun> {
  const nowMs = opts.nowMs ?? Date.now();
  const asOf = opts.asOf ?? new Date(nowMs).toISOString().slice(0, 10);
  const validityMonths = opts.validityMonths ?? DEFAULT_VALIDITY_MONTHS;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw invalid(`asOf ${asOf} is not a date (YYYY-MM-DD)`, [{ field: 'asOf', message: 'a date, YYYY-MM-DD' }]);
  }
  if (!Number.isInteger(validityMonths) || validityMonths < 1 || validityMonths > 120) {
    throw invalid('validityMonths must be a whole number of months from 1 to 120', [
      { field: 'validityMonths', message: '1 to 120' },
    ]);
  }
  const cutoff = monthsBefore(asOf, validityMonths);
  const rows = await db.kysely
    .selectFrom('points_ledger')
    .select([
      'consumer_id',
      sql<number>`sum(case when points > 0 and created_at < ${cutoff} then points else 0 end)`.as('old_credits'),
      sql<number>`sum(case when points < 0 then -points else 0 end)`.as('debits'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy('consumer_id')
    .having(
      sql<boolean>`sum(case when points > 0 and created_at < ${cutoff} then points else 0 end) > sum(case when points < 0 then -points else 0 end)`,
    )
    .orderBy('consumer_id')
    .execute();

  let consumers = 0;
  let pointsExpired = 0;
  for (const r of rows) {
    const due = Number(r.old_credits) - Number(r.debits);
    const posted = await expire(
      db,
      {
        tenantId,
        consumerId: r.consumer_id,
        points: due,
        asOf,
        idempotencyKey: `expiry:${asOf}:${r.consumer_id}`,
        note: `earned before ${cutoff.slice(0, 10)}, valid ${validityMonths} months`,
      },
      nowMs,
    );
    if (!posted.replayed && posted.entry.points < 0) {
      consumers++;
      pointsExpired -= posted.entry.points;
    }
  }
  return { tenantId, asOf, validityMonths, cutoff, consumers, pointsExpired };
}
