import { type ErrorDetail, invalid } from '../core/index.js';
import type { FactorResolver } from '../factors/model.js';
import { evaluateRound } from './allocation.js';
import { evaluateShipment } from './chain.js';
import type { FootprintInput, FootprintOutput, RoundAllocation, ShipmentFootprint } from './model.js';

/**
 * Computes every shipment and round of a request. All or nothing: when anything is wrong, throws one
 * validation AppError whose details name every bad field (`/shipments/0/chain/1/distanceKm`).
 */
export function computeFootprints(input: FootprintInput, resolver: FactorResolver): FootprintOutput {
  const details: ErrorDetail[] = [];
  if (input === null || typeof input !== 'object')
    throw invalid('Footprint input must be an object with shipments and/or rounds');
  const shipments: ShipmentFootprint[] = [];
  const rounds: RoundAllocation[] = [];
  if (input.shipments !== undefined && !Array.isArray(input.shipments))
    details.push({ field: '/shipments', message: 'must be a list' });
  if (input.rounds !== undefined && !Array.isArray(input.rounds)) details.push({ field: '/rounds', message: 'must be a list' });
  if (details.length === 0 && !input.shipments?.length && !input.rounds?.length) {
    details.push({ field: '/shipments', message: 'nothing to compute: give shipments and/or rounds' });
  }
  if (details.length === 0) {
    (input.shipments ?? []).forEach((s, i) => {
      const r = evaluateShipment(s, resolver, `/shipments/${i}`, details);
      if (r) shipments.push(r);
    });
    (input.rounds ?? []).forEach((r, i) => {
      const a = evaluateRound(r, resolver, `/rounds/${i}`, details);
      if (a) rounds.push(a);
    });
  }
  if (details.length > 0) {
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    throw invalid(`Footprint input is invalid: ${details[0].field} ${details[0].message}${more}`, details);
  }
  return { shipments, rounds };
}
