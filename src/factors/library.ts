import { BUILT_IN_SETS } from './data/index.js';
import type { Boundary, Factor, FactorResolver, FactorSet, FactorSetSummary } from './model.js';

// The built-in factor sets as lookups, and the resolver engines take. Pure: no I/O.

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// Frozen so an engine bug cannot change a shipped factor for everyone else in the process.
for (const set of BUILT_IN_SETS) deepFreeze(set);

export const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every built-in factor, sorted by id (plain code-unit order, the order ids page in). */
export const BUILT_IN_FACTORS: readonly Factor[] = BUILT_IN_SETS.flatMap((s) => s.factors).sort(byId);

const BUILT_IN_BY_ID = new Map(BUILT_IN_FACTORS.map((f) => [f.id, f]));
const BUILT_IN_SET_BY_ID = new Map(BUILT_IN_SETS.map((s) => [s.id, s]));

export const isBuiltInSetId = (setId: string): boolean => BUILT_IN_SET_BY_ID.has(setId);
export const builtInSet = (setId: string): FactorSet | undefined => BUILT_IN_SET_BY_ID.get(setId);
export const builtInFactor = (id: string): Factor | undefined => BUILT_IN_BY_ID.get(id);

export function summarize(set: FactorSet): FactorSetSummary {
  const { factors, ...rest } = set;
  return { ...rest, tenantId: set.tenantId ?? null, factorCount: factors.length };
}

/**
 * A synchronous resolver over the built-in factors plus `extra` (a tenant's loaded factors).
 * Built-ins win on an id clash, which the store prevents anyway.
 */
export function createResolver(extra: Iterable<Factor> = []): FactorResolver {
  const map = new Map<string, Factor>();
  for (const f of extra) map.set(f.id, f);
  return (id) => BUILT_IN_BY_ID.get(id) ?? map.get(id);
}

/** Built-in factors only; for engines and tests that run without a database. */
export const builtInResolver: FactorResolver = createResolver();

/**
 * A factor's value for one boundary. WTW is derived as TTW + WTT when only the parts are given
 * (ISO 14083: WTW = WTT + TTW); otherwise a missing boundary is undefined, never a guess.
 */
export function factorValue(factor: Factor, boundary: Boundary): number | undefined {
  const { ttw, wtt, wtw } = factor.values;
  if (boundary === 'TTW') return ttw;
  if (boundary === 'WTT') return wtt;
  if (wtw !== undefined) return wtw;
  return ttw !== undefined && wtt !== undefined ? ttw + wtt : undefined;
}
