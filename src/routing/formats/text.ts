import { type ErrorDetail, invalid } from '../../core/index.js';
import type { Vehicle, VehicleBattery, VehicleFuel } from '../model.js';

// Shared bits of the benchmark text readers (Solomon, CVRPLIB, E-VRPTW).

/** Shift end for instances without a time horizon: far beyond any route, still JSON-safe. */
export const UNBOUNDED_S = 1e12;

/** Lines without their ends (the files come with CRLF or LF). */
export const splitLines = (text: string): string[] => text.split(/\r?\n/);

/** Collects problems of a file and throws them all at once, with their line numbers. */
export class LineErrors {
  readonly details: ErrorDetail[] = [];

  constructor(private readonly label: string) {}

  add(line: number | undefined, message: string, field?: string): void {
    this.details.push({ ...(field === undefined ? {} : { field }), ...(line === undefined ? {} : { line }), message });
  }

  /** Throws the validation AppError if anything was added. */
  check(): void {
    if (this.details.length === 0) return;
    const first = this.details[0];
    const where = first.line === undefined ? '' : ` line ${first.line}`;
    const more = this.details.length > 1 ? ` (and ${this.details.length - 1} more)` : '';
    throw invalid(`invalid ${this.label}:${where} ${first.message}${more}`, this.details);
  }
}

/** Whitespace-separated numbers of a line, or undefined (with an error added) when the line is malformed. */
export function numbersOf(tokens: string[], expected: number, line: number, errors: LineErrors): number[] | undefined {
  if (tokens.length !== expected) {
    errors.add(line, `expected ${expected} values, found ${tokens.length}`);
    return undefined;
  }
  const values = tokens.map(Number);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    errors.add(line, `"${tokens[bad]}" is not a number`);
    return undefined;
  }
  return values;
}

export const tokensOf = (line: string): string[] => line.trim().split(/\s+/);

export interface BenchmarkFleet {
  count: number;
  type: string;
  fuel: VehicleFuel;
  depot: number;
  capacity: number;
  shiftS: [number, number];
  maxDistanceM?: number;
  battery?: VehicleBattery;
}

/**
 * Identical vehicles of a benchmark: cost = distance in file units (perKm 1000 on metres),
 * no emissions (the literature minimises distance).
 */
export function benchmarkVehicles(fleet: BenchmarkFleet): Vehicle[] {
  return Array.from({ length: fleet.count }, (_, k) => ({
    id: `v${k + 1}`,
    type: fleet.type,
    fuel: fleet.fuel,
    profile: 'euclid',
    start: fleet.depot,
    end: fleet.depot,
    capacity: [fleet.capacity],
    shiftS: [fleet.shiftS[0], fleet.shiftS[1]],
    skills: [],
    ...(fleet.maxDistanceM === undefined ? {} : { maxDistanceM: fleet.maxDistanceM }),
    ...(fleet.battery === undefined ? {} : { battery: { ...fleet.battery } }),
    costs: { fixed: 0, perKm: 1000, perHour: 0 },
    emissions: { co2eKgPerKmEmpty: 0, co2eKgPerKmFull: 0 },
  }));
}
