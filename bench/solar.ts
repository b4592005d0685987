import { loadavg } from 'node:os';
import Table from 'cli-table3';
import { runChain, sunTermsFor } from '../src/solar/chain.js';
import { MODULE_TYPES, MOUNTINGS, type PvLocation, type PvSystemSpec } from '../src/solar/model.js';

// The full PV model chain (SPA, Kasten–Young, Ineichen with monthly turbidity, Perez, SAPM cell temperature,
// PVWatts DC and inverter) for one year of hourly steps for N systems (default 1,000, 8.76 million steps), each
// at its own place in eastern and southern China with its own orientation, mounting and module type: nothing
// is shared between systems except the time-only part of the sun's position, which does not depend on place.
// Options: --systems N, --year YYYY, --rounds R (best of R, default 3).

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Deterministic pseudo-random numbers (mulberry32) so every run models the same fleet. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export default async function run(args: string[]): Promise<void> {
  const systems = option(args, '--systems', 1000);
  const year = option(args, '--year', 2026);
  const rounds = option(args, '--rounds', 3);
  const random = rng(14083);
  const fleet: Array<{ location: PvLocation; system: PvSystemSpec }> = [];
  for (let k = 0; k < systems; k++) {
    const tl = 3 + random() * 1.5;
    fleet.push({
      location: {
        latDeg: 22 + random() * 18,
        lonDeg: 104 + random() * 18,
        elevationM: Math.round(random() * 500),
        linkeTurbidity: Array.from({ length: 12 }, (_, m) => tl + 0.6 * Math.sin(((m - 3) * Math.PI) / 6)),
      },
      system: {
        dcKwp: 200 + Math.round(random() * 4800),
        tiltDeg: Math.round(random() * 25),
        azimuthDeg: 150 + Math.round(random() * 60),
        mounting: MOUNTINGS[k % MOUNTINGS.length] as PvSystemSpec['mounting'],
        moduleType: MODULE_TYPES[k % MODULE_TYPES.length] as PvSystemSpec['moduleType'],
        inverterAcKw: 0,
        lossesPct: 14.08,
        albedo: 0.2,
      },
    });
    const s = fleet[k]?.system as PvSystemSpec;
    s.inverterAcKw = s.dcKwp / 1.1;
  }
  const startMs = Date.UTC(year, 0, 1) - 8 * 3_600_000;
  const hours = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 3_600_000;
  const series = { startMs, stepMs: 3_600_000, count: hours };

  let best = Number.POSITIVE_INFINITY;
  let sunMs = 0;
  let fleetKwh = 0;
  let fleetKwp = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const sun = sunTermsFor(series);
    const t1 = performance.now();
    let kwh = 0;
    let kwp = 0;
    for (const { location, system } of fleet) {
      const result = runChain(location, system, series, { sunTerms: sun });
      for (let i = 0; i < hours; i++) kwh += result.acKwh[i] as number;
      kwp += system.dcKwp;
    }
    const total = performance.now() - t0;
    if (total < best) {
      best = total;
      sunMs = t1 - t0;
    }
    fleetKwh = kwh;
    fleetKwp = kwp;
  }
  const steps = systems * hours;
  const table = new Table({ head: ['measure', 'value'] });
  table.push(
    ['systems x hourly steps', `${systems.toLocaleString('en')} x ${hours.toLocaleString('en')} = ${steps.toLocaleString('en')}`],
    ['time (best of rounds)', `${(best / 1000).toFixed(2)} s (sun time terms ${sunMs.toFixed(0)} ms, once)`],
    ['steps per second', `${Math.round(steps / (best / 1000)).toLocaleString('en')}`],
    ['clear-sky specific yield (fleet)', `${(fleetKwh / fleetKwp).toFixed(0)} kWh/kWp`],
    [
      'target',
      `<= 5 s for 8.76 million steps: ${steps >= 8_760_000 && best <= 5000 ? 'met' : steps < 8_760_000 ? 'fewer steps than the target' : 'NOT met'}`,
    ],
  );
  console.log(`Solar model chain, ${rounds} rounds; load average ${loadavg()[0]?.toFixed(2)}`);
  console.log(table.toString());
  console.log(
    JSON.stringify({
      bench: 'solar',
      systems,
      steps,
      seconds: Number((best / 1000).toFixed(3)),
      stepsPerS: Math.round(steps / (best / 1000)),
      sunTermsMs: Math.round(sunMs),
      specificYieldKwhKwp: Math.round(fleetKwh / fleetKwp),
      loadAverage: loadavg()
        .slice(0, 2)
        .map((v) => Number(v.toFixed(2))),
    }),
  );
}
