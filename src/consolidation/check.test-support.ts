import type { ConsolidationReport, PackagingTotals } from './model.js';

// Independent of group.ts: re-adds every figure of a report from its groups' parcels and the
// orders packed alone, and checks the groups respect the rules the report states.

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** Problems found in a report; empty when every total re-adds from the groups. */
export function checkReport(report: ConsolidationReport): string[] {
  const bad: string[] = [];
  const expect = (what: string, got: number, want: number) => {
    if (!close(got, want)) bad.push(`${what}: got ${got}, expected ${want}`);
  };
  const expectTotals = (what: string, got: PackagingTotals, want: PackagingTotals) => {
    expect(`${what} parcels`, got.parcels, want.parcels);
    expect(`${what} board kg`, got.boardKg, want.boardKg);
    expect(`${what} kg CO2e`, got.co2eKg, want.co2eKg);
  };

  const consolidated = { parcels: 0, boardKg: 0, co2eKg: 0 };
  const baseline = { parcels: 0, boardKg: 0, co2eKg: 0 };
  const orders = new Set<string>();
  const groupIds = new Set<string>();
  for (const g of report.groups) {
    if (groupIds.has(g.id)) bad.push(`group id ${g.id} repeats`);
    groupIds.add(g.id);
    for (const id of g.orderIds) {
      if (orders.has(id)) bad.push(`order ${id} is in more than one group`);
      orders.add(id);
    }
    const alone = g.alone.map((a) => a.orderId);
    if (alone.join('\n') !== g.orderIds.join('\n')) bad.push(`${g.id}: orders packed alone ${alone} differ from ${g.orderIds}`);

    const own = { parcels: g.parcels.length, boardKg: 0, co2eKg: 0 };
    for (const p of g.parcels) {
      own.boardKg += p.boardKg;
      own.co2eKg += p.co2eKg;
    }
    expectTotals(g.id, { parcels: g.parcelCount, boardKg: g.boardKg, co2eKg: g.co2eKg }, own);

    const base = { parcels: 0, boardKg: 0, co2eKg: 0 };
    for (const a of g.alone) {
      base.parcels += a.parcels.length;
      for (const p of a.parcels) {
        base.boardKg += p.boardKg;
        base.co2eKg += p.co2eKg;
      }
    }
    expectTotals(`${g.id} baseline`, g.baseline, base);
    expectTotals(`${g.id} avoided`, g.avoided, {
      parcels: base.parcels - own.parcels,
      boardKg: base.boardKg - own.boardKg,
      co2eKg: base.co2eKg - own.co2eKg,
    });
    expect(`${g.id} labels avoided`, g.avoided.labels, base.parcels - own.parcels);

    // The rules: a merged group never needs more parcels, fits the window, and holds no dangerous goods.
    if (g.orderIds.length > 1) {
      if (own.parcels > base.parcels) bad.push(`${g.id}: ${own.parcels} parcels merged, ${base.parcels} apart`);
      if (g.handling === 'dangerous-goods') bad.push(`${g.id}: dangerous goods merged with other orders`);
    }
    const spanMin = (Date.parse(g.latestShipByUtc) - Date.parse(g.earliestShipByUtc)) / 60_000;
    if (!(spanMin >= 0 && spanMin <= report.holdWindowMinutes)) bad.push(`${g.id}: ship-by span ${spanMin} min`);

    consolidated.parcels += own.parcels;
    consolidated.boardKg += own.boardKg;
    consolidated.co2eKg += own.co2eKg;
    baseline.parcels += base.parcels;
    baseline.boardKg += base.boardKg;
    baseline.co2eKg += base.co2eKg;
  }
  expect('order count', report.orderCount, orders.size);
  expectTotals('consolidated', report.consolidated, consolidated);
  expectTotals('baseline', report.baseline, baseline);
  expectTotals('avoided', report.avoided, {
    parcels: baseline.parcels - consolidated.parcels,
    boardKg: baseline.boardKg - consolidated.boardKg,
    co2eKg: baseline.co2eKg - consolidated.co2eKg,
  });
  expect('labels avoided', report.avoided.labels, baseline.parcels - consolidated.parcels);
  const destinationOf = new Map(report.groups.map((g) => [g.id, g.destinationRef]));
  for (const g of report.groups) {
    for (const k of g.keptApart) {
      for (const id of k.groupIds) {
        if (!groupIds.has(id)) bad.push(`${g.id}: kept apart from unknown group ${id}`);
        else if (destinationOf.get(id) !== g.destinationRef) bad.push(`${g.id}: kept apart from ${id}, which goes elsewhere`);
      }
      for (const id of k.orderIds) if (!orders.has(id)) bad.push(`${g.id}: kept apart from unknown order ${id}`);
    }
  }
  return bad;
}
