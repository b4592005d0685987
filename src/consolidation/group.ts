import { AppError, ErrorCode, type ErrorDetail, invalid } from '../core/index.js';
import type {
  ConsolidationGroup,
  ConsolidationOptions,
  ConsolidationReport,
  HandlingClass,
  Item,
  KeptApart,
  KeptApartReason,
  Order,
  PackagingTotals,
  Packer,
  PackerResult,
} from './model.js';
import { addressKey, normalizePhone, normalizeText, offsetTimeMs, recipientKey } from './normalize.js';

// Orders of one recipient at one address become candidate groups; within them, groups merge
// pairwise, best saving first, while the merge passes every rule (warehouse, handling, hold window,
// limits) and the packer needs no more parcels together than apart. A merge that saves a parcel
// is taken even when the bigger box uses more board (a parcel also costs a label, handling and
// transport); the report shows the board change either way. The injected packer is the only
// judge of parcels, board and CO2e; everything reported is a sum of what it returned.

export const DEFAULT_HOLD_WINDOW_MINUTES = 240;

const MS_PER_MINUTE = 60_000;
const MM3_PER_CM3 = 1000;

/** Reasons in the order they are checked, which is also the order a group lists them in. */
const REASONS: readonly KeptApartReason[] = [
  'warehouse',
  'dangerous-goods',
  'cold-chain',
  'hold-window',
  'weight-limit',
  'volume-limit',
  'unpacked',
  'more-parcels',
  'no-saving',
];

interface Prepared {
  order: Order;
  index: number;
  /** Recipient key + address key: the orders that could ever share a parcel. */
  destination: string;
  shipByMs: number;
  handling: HandlingClass;
  /** The order's items with ids (and together/apart groups) prefixed by the order id. */
  items: Item[];
  weightG: number;
  volumeCm3: number;
}

interface Packed {
  result: PackerResult;
  totals: PackagingTotals;
  unpacked: number;
}

/** A group under construction. */
interface Candidate {
  members: Prepared[];
  minMs: number;
  maxMs: number;
  weightG: number;
  volumeCm3: number;
  packed: Packed;
}

type Evaluation =
  | { ok: true; packed: Packed; parcelsDelta: number; co2eDeltaKg: number }
  | { ok: false; reason: KeptApartReason };

interface Rules {
  holdWindowMinutes: number;
  maxParcelWeightG?: number;
  maxParcelVolumeCm3?: number;
  pack: Packer;
}

/**
 * Groups orders that can ship together and packs each group with the injected packer; reports
 * parcels, board and CO2e against every order packed alone.
 */
export function consolidate(orders: readonly Order[], options: ConsolidationOptions): ConsolidationReport {
  const rules = checkOptions(options);
  const prepared = prepareOrders(orders);
  const packs = new Map<string, Packed>();

  const packOf = (members: readonly Prepared[]): Packed => {
    const key = members
      .map((m) => m.index)
      .sort((a, b) => a - b)
      .join(',');
    let packed = packs.get(key);
    if (!packed) {
      packed = runPacker(rules.pack, members);
      packs.set(key, packed);
    }
    return packed;
  };

  const single = (p: Prepared): Candidate => ({
    members: [p],
    minMs: p.shipByMs,
    maxMs: p.shipByMs,
    weightG: p.weightG,
    volumeCm3: p.volumeCm3,
    packed: packOf([p]),
  });

  const evaluate = (a: Candidate, b: Candidate): Evaluation => {
    const reason = ruleBroken(a, b, rules);
    if (reason) return { ok: false, reason };
    const packed = packOf([...a.members, ...b.members]);
    if (packed.unpacked > a.packed.unpacked + b.packed.unpacked) return { ok: false, reason: 'unpacked' };
    const parcelsDelta = packed.totals.parcels - a.packed.totals.parcels - b.packed.totals.parcels;
    if (parcelsDelta > 0) return { ok: false, reason: 'more-parcels' };
    return {
      ok: true,
      packed,
      parcelsDelta,
      co2eDeltaKg: packed.totals.co2eKg - a.packed.totals.co2eKg - b.packed.totals.co2eKg,
    };
  };

  const byDestination = new Map<string, Prepared[]>();
  for (const p of prepared) {
    const list = byDestination.get(p.destination);
    if (list) list.push(p);
    else byDestination.set(p.destination, [p]);
  }

  const buckets: Candidate[][] = [];
  for (const list of byDestination.values()) {
    list.sort((a, b) => a.shipByMs - b.shipByMs || a.index - b.index);
    // A merge that costs nothing may open the way to one that saves ("6 kg + 6 kg" is still two
    // parcels, a third 6 kg order makes it two instead of three), so the first pass allows them;
    // groups that end up saving nothing are undone, and a second pass makes only merges that save.
    let groups = mergeLoop(list.map(single), evaluate, false);
    groups = groups.flatMap((g) => (g.members.length > 1 && !saves(g, g.members.map(single)) ? g.members.map(single) : [g]));
    buckets.push(mergeLoop(groups, evaluate, true));
  }

  const finalGroups = buckets.flat().sort((a, b) => a.minMs - b.minMs || a.members[0].index - b.members[0].index);
  const ids = new Map(finalGroups.map((g, i) => [g, `G${i + 1}`]));
  const keptApart = new Map<Candidate, KeptApart[]>();
  for (const bucket of buckets) {
    for (const g of bucket) keptApart.set(g, keptApartOf(g, bucket, evaluate, ids, rules));
  }

  const destinations = new Map<string, string>();
  for (const g of finalGroups) {
    const d = g.members[0].destination;
    if (!destinations.has(d)) destinations.set(d, `D${destinations.size + 1}`);
  }
  const groups = finalGroups.map((g) =>
    toGroup(g, ids.get(g)!, destinations.get(g.members[0].destination)!, keptApart.get(g)!, packOf),
  );
  const consolidated = zero();
  const baseline = zero();
  for (const g of groups) {
    add(consolidated, { parcels: g.parcelCount, boardKg: g.boardKg, co2eKg: g.co2eKg });
    add(baseline, g.baseline);
  }
  return {
    holdWindowMinutes: rules.holdWindowMinutes,
    maxParcelWeightG: rules.maxParcelWeightG ?? null,
    maxParcelVolumeCm3: rules.maxParcelVolumeCm3 ?? null,
    orderCount: prepared.length,
    groups,
    consolidated,
    baseline,
    avoided: savings(baseline, consolidated),
  };
}

/** Merges the best pair (most parcels saved, then most CO2e) until no pair may merge. */
function mergeLoop(start: Candidate[], evaluate: (a: Candidate, b: Candidate) => Evaluation, strict: boolean): Candidate[] {
  let alive = start.slice();
  let pairs: { a: Candidate; b: Candidate; e: Extract<Evaluation, { ok: true }> }[] = [];
  const consider = (a: Candidate, b: Candidate) => {
    const e = evaluate(a, b);
    if (e.ok && acceptable(e, strict)) pairs.push({ a, b, e });
  };
  for (let i = 0; i < alive.length; i++) for (let j = i + 1; j < alive.length; j++) consider(alive[i], alive[j]);
  while (pairs.length > 0) {
    let best = pairs[0];
    for (const p of pairs) {
      if (
        p.e.parcelsDelta < best.e.parcelsDelta ||
        (p.e.parcelsDelta === best.e.parcelsDelta && p.e.co2eDeltaKg < best.e.co2eDeltaKg)
      )
        best = p;
    }
    const { a, b } = best;
    const merged = combine(a, b, best.e.packed);
    alive = alive.filter((g) => g !== a && g !== b);
    pairs = pairs.filter((p) => p.a !== a && p.a !== b && p.b !== a && p.b !== b);
    for (const g of alive) consider(g, merged);
    alive.push(merged);
  }
  return alive;
}

// Float sums of the same parcels in another order may differ in the last bits.
const co2eTolerance = (kg: number): number => 1e-9 * Math.max(1, Math.abs(kg));

/** Fewer parcels always; the same parcels only when CO2e does not rise (strict: when it falls). */
function acceptable(e: Extract<Evaluation, { ok: true }>, strict: boolean): boolean {
  if (e.parcelsDelta < 0) return true;
  const tol = co2eTolerance(e.packed.totals.co2eKg);
  return strict ? e.co2eDeltaKg < -tol : e.co2eDeltaKg <= tol;
}

/** Whether a group needs fewer parcels or less CO2e than its orders apart. */
function saves(g: Candidate, apart: readonly Candidate[]): boolean {
  const base = zero();
  for (const a of apart) add(base, a.packed.totals);
  return g.packed.totals.parcels < base.parcels || g.packed.totals.co2eKg < base.co2eKg - co2eTolerance(base.co2eKg);
}

/** The first rule a merge of a and b breaks, before any packing. */
function ruleBroken(a: Candidate, b: Candidate, rules: Rules): KeptApartReason | undefined {
  const pa = a.members[0];
  const pb = b.members[0];
  if (pa.order.warehouseId !== pb.order.warehouseId) return 'warehouse';
  if (pa.handling === 'dangerous-goods' || pb.handling === 'dangerous-goods') return 'dangerous-goods';
  if (pa.handling !== pb.handling) return 'cold-chain';
  if (Math.max(a.maxMs, b.maxMs) - Math.min(a.minMs, b.minMs) > rules.holdWindowMinutes * MS_PER_MINUTE) return 'hold-window';
  if (rules.maxParcelWeightG !== undefined && a.weightG + b.weightG > rules.maxParcelWeightG) return 'weight-limit';
  if (rules.maxParcelVolumeCm3 !== undefined && a.volumeCm3 + b.volumeCm3 > rules.maxParcelVolumeCm3) return 'volume-limit';
  return undefined;
}

function combine(a: Candidate, b: Candidate, packed: Packed): Candidate {
  return {
    members: [...a.members, ...b.members].sort((x, y) => x.shipByMs - y.shipByMs || x.index - y.index),
    minMs: Math.min(a.minMs, b.minMs),
    maxMs: Math.max(a.maxMs, b.maxMs),
    weightG: a.weightG + b.weightG,
    volumeCm3: a.volumeCm3 + b.volumeCm3,
    packed,
  };
}

/** Why each other group of the same recipient and address stayed apart from g, one entry per reason. */
function keptApartOf(
  g: Candidate,
  bucket: readonly Candidate[],
  evaluate: (a: Candidate, b: Candidate) => Evaluation,
  ids: Map<Candidate, string>,
  rules: Rules,
): KeptApart[] {
  const byReason = new Map<KeptApartReason, KeptApart>();
  for (const other of bucket) {
    if (other === g) continue;
    const e = evaluate(g, other);
    // The merge loops ran until no pair could merge, so a pair that passes every rule saves nothing.
    const reason = e.ok ? 'no-saving' : e.reason;
    let entry = byReason.get(reason);
    if (!entry) {
      entry = { reason, message: reasonMessage(reason, rules), groupIds: [], orderIds: [] };
      byReason.set(reason, entry);
    }
    entry.groupIds.push(ids.get(other)!);
    for (const m of other.members) entry.orderIds.push(m.order.id);
  }
  return REASONS.flatMap((r) => byReason.get(r) ?? []);
}

function reasonMessage(reason: KeptApartReason, rules: Rules): string {
  switch (reason) {
    case 'warehouse':
      return 'ships from another warehouse';
    case 'dangerous-goods':
      return 'dangerous goods ship alone';
    case 'cold-chain':
      return 'cold-chain and ambient orders do not share a parcel';
    case 'hold-window':
      return `ship-by times more than ${rules.holdWindowMinutes} min apart`;
    case 'weight-limit':
      return `together over the ${rules.maxParcelWeightG} g weight limit`;
    case 'volume-limit':
      return `together over the ${rules.maxParcelVolumeCm3} cm3 volume limit`;
    case 'unpacked':
      return 'packed together, items would be left unpacked';
    case 'more-parcels':
      return 'packed together they need more parcels than apart';
    case 'no-saving':
      return 'packed together they save no parcel and no packaging CO2e';
  }
}

function toGroup(
  g: Candidate,
  id: string,
  destinationRef: string,
  keptApart: KeptApart[],
  packOf: (members: readonly Prepared[]) => Packed,
): ConsolidationGroup {
  const baseline = zero();
  const alone = g.members.map((m) => {
    const packed = packOf([m]);
    add(baseline, packed.totals);
    return { orderId: m.order.id, parcels: packed.result.parcels.map((p) => ({ ...p })), unpacked: [...packed.result.unpacked] };
  });
  const { totals } = g.packed;
  const first = g.members[0];
  return {
    id,
    orderIds: g.members.map((m) => m.order.id),
    warehouseId: first.order.warehouseId,
    destinationRef,
    handling: first.handling,
    earliestShipByUtc: new Date(g.minMs).toISOString(),
    latestShipByUtc: new Date(g.maxMs).toISOString(),
    parcels: g.packed.result.parcels.map((p) => ({ ...p })),
    unpacked: [...g.packed.result.unpacked],
    parcelCount: totals.parcels,
    boardKg: totals.boardKg,
    co2eKg: totals.co2eKg,
    alone,
    baseline,
    avoided: savings(baseline, totals),
    keptApart,
  };
}

const zero = (): PackagingTotals => ({ parcels: 0, boardKg: 0, co2eKg: 0 });

function add(into: PackagingTotals, t: PackagingTotals): void {
  into.parcels += t.parcels;
  into.boardKg += t.boardKg;
  into.co2eKg += t.co2eKg;
}

function savings(baseline: PackagingTotals, consolidated: PackagingTotals) {
  const parcels = baseline.parcels - consolidated.parcels;
  return {
    parcels,
    boardKg: baseline.boardKg - consolidated.boardKg,
    co2eKg: baseline.co2eKg - consolidated.co2eKg,
    // One label per parcel.
    labels: parcels,
  };
}

function runPacker(pack: Packer, members: readonly Prepared[]): Packed {
  let result: PackerResult;
  try {
    result = pack(members.flatMap((m) => m.items));
  } catch (err) {
    // Name the order when the packer rejects one packed alone (an item larger than every box, …).
    if (err instanceof AppError && members.length === 1) {
      throw new AppError(err.code, `order ${members[0].order.id}: ${err.message}`, err.details);
    }
    throw err;
  }
  const ok =
    result &&
    Array.isArray(result.parcels) &&
    Array.isArray(result.unpacked) &&
    result.parcels.every((p) => Number.isFinite(p.boardKg) && Number.isFinite(p.co2eKg));
  if (!ok) throw new AppError(ErrorCode.Internal, 'the packer returned parcels without finite boardKg and co2eKg');
  const totals = zero();
  for (const p of result.parcels) add(totals, { parcels: 1, boardKg: p.boardKg, co2eKg: p.co2eKg });
  return { result, totals, unpacked: result.unpacked.length };
}

function checkOptions(options: ConsolidationOptions): Rules {
  const details: ErrorDetail[] = [];
  const holdWindowMinutes = options.holdWindowMinutes ?? DEFAULT_HOLD_WINDOW_MINUTES;
  if (!(Number.isFinite(holdWindowMinutes) && holdWindowMinutes >= 0))
    details.push({ field: 'holdWindowMinutes', message: 'must be a number of minutes >= 0' });
  for (const field of ['maxParcelWeightG', 'maxParcelVolumeCm3'] as const) {
    const v = options[field];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) details.push({ field, message: 'must be a number > 0' });
  }
  if (typeof options.pack !== 'function') details.push({ field: 'pack', message: 'must be a packing function' });
  if (details.length > 0) throw invalid(`consolidation options: ${details[0].field} ${details[0].message}`, details);
  return { ...options, holdWindowMinutes };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

type Report = (field: string, message: string) => void;

/** Validates the orders (every problem at once) and computes what grouping needs. */
function prepareOrders(orders: readonly Order[]): Prepared[] {
  if (!Array.isArray(orders as unknown))
    throw invalid('orders must be an array', [{ field: '/orders', message: 'must be an array' }]);
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const prepared: Prepared[] = [];
  for (let index = 0; index < orders.length; index++) {
    const order = orders[index];
    const before = details.length;
    const bad: Report = (field, message) => {
      details.push({ field: `/orders/${index}${field}`, message });
    };
    checkOrder(order, bad);
    if (order && isText(order.id)) {
      const first = seen.get(order.id);
      if (first !== undefined) bad('/id', `${order.id} repeats /orders/${first}`);
      else seen.set(order.id, index);
    }
    if (details.length > before) continue;

    let weightG = 0;
    let volumeMm3 = 0;
    for (const item of order.items) {
      const q = item.quantity ?? 1;
      weightG += item.weightG * q;
      volumeMm3 += item.lengthMm * item.widthMm * item.heightMm * q;
    }
    const { recipient, handling } = order;
    prepared.push({
      order,
      index,
      destination: `${recipientKey(recipient)}\u0000${addressKey(recipient.address)}`,
      shipByMs: offsetTimeMs(order.shipBy)!,
      handling: handling?.dangerousGoods ? 'dangerous-goods' : handling?.coldChain ? 'cold-chain' : 'ambient',
      items: order.items.map((item) => scoped(order.id, item)),
      weightG,
      volumeCm3: volumeMm3 / MM3_PER_CM3,
    });
  }
  if (details.length > 0) {
    const n = details.length;
    const d = details[0];
    throw invalid(`${d.field} ${d.message}${n > 1 ? ` (and ${n - 1} more problem${n === 2 ? '' : 's'})` : ''}`, details);
  }
  return prepared;
}

function checkOrder(order: Order, bad: Report): void {
  if (!order || typeof order !== 'object') {
    bad('', 'must be an order object');
    return;
  }
  if (!isText(order.id)) bad('/id', 'must be a non-empty string');
  if (!isText(order.warehouseId)) bad('/warehouseId', 'must be a non-empty string');
  const r = order.recipient;
  if (!r || typeof r !== 'object') bad('/recipient', 'is required');
  else {
    if (!isText(r.name) || normalizeText(r.name) === '') bad('/recipient/name', 'must be a non-empty name');
    if (!isText(r.phone) || !/\d/.test(normalizePhone(r.phone))) bad('/recipient/phone', 'must hold a phone number');
    const a = r.address;
    if (typeof a === 'string') {
      if (addressKey(a) === '') bad('/recipient/address', 'must be a non-empty address');
    } else if (!a || typeof a !== 'object') bad('/recipient/address', 'is required');
    else if (!isText(a.street)) bad('/recipient/address/street', 'is required');
  }
  if (typeof order.shipBy !== 'string' || offsetTimeMs(order.shipBy) === undefined)
    bad('/shipBy', 'must be ISO 8601 with an offset, e.g. 2026-03-01T18:00:00+08:00');
  const h = order.handling;
  if (h !== undefined) {
    if (typeof h !== 'object' || h === null) bad('/handling', 'must be an object');
    else {
      for (const flag of ['coldChain', 'dangerousGoods'] as const) {
        if (h[flag] !== undefined && typeof h[flag] !== 'boolean') bad(`/handling/${flag}`, 'must be true or false');
      }
    }
  }
  const items: unknown = order.items;
  if (!Array.isArray(items) || items.length === 0) bad('/items', 'must hold at least one item');
  else for (let i = 0; i < items.length; i++) checkItem(items[i] as Item, `/items/${i}`, bad);
}

function checkItem(item: Item, at: string, bad: Report): void {
  if (!item || typeof item !== 'object') {
    bad(at, 'must be an item object');
    return;
  }
  if (!isText(item.id)) bad(`${at}/id`, 'must be a non-empty string');
  for (const dim of ['lengthMm', 'widthMm', 'heightMm'] as const) {
    if (!(typeof item[dim] === 'number' && Number.isFinite(item[dim]) && item[dim] > 0))
      bad(`${at}/${dim}`, 'must be a number > 0');
  }
  if (!(typeof item.weightG === 'number' && Number.isFinite(item.weightG) && item.weightG >= 0))
    bad(`${at}/weightG`, 'must be a number >= 0');
  if (item.quantity !== undefined && !(Number.isInteger(item.quantity) && item.quantity >= 1))
    bad(`${at}/quantity`, 'must be a whole number >= 1');
}

/** Item ids and together/apart groups are per order; prefixing keeps them apart when orders share a SKU. */
function scoped(orderId: string, item: Item): Item {
  return {
    ...item,
    id: `${orderId}/${item.id}`,
    ...(item.together !== undefined ? { together: `${orderId}/${item.together}` } : {}),
    ...(item.apart !== undefined ? { apart: `${orderId}/${item.apart}` } : {}),
  };
}
