import type { Command } from 'commander';
import { printRecord } from '../cli/output.js';
import { invalid, toUtcIso } from '../core/index.js';
import { alt2pres } from './atmosphere.js';
import { solarPosition, sunriseSunsetTransit } from './spa.js';

interface PositionOptions {
  lat: string;
  lon: string;
  time: string;
  elevation?: string;
  pressure?: string;
  temp?: string;
  deltaT?: string;
  json?: boolean;
}

function num(value: string | undefined, field: string, min = -Infinity, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  const x = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(x) || x < min || x > max) {
    const range = Number.isFinite(min) ? ` from ${min} to ${max}` : '';
    throw invalid(`--${field} must be a number${range}, got ${value}`, [{ field, message: `a number${range}` }]);
  }
  return x;
}

/** The UTC offset, in minutes, written in an ISO 8601 timestamp already checked by toUtcIso. */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** ISO 8601 at a UTC offset, to the second (as SPA prints rise and set); null when the event does not happen. */
function localIso(ms: number, offsetMin: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const local = new Date(Math.round(ms / 1000) * 1000 + offsetMin * 60_000).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}Z`;
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** `position`: the NREL SPA sun position at one place and instant, with that local day's sunrise, transit, sunset. */
export function addPositionCommand(solar: Command): void {
  solar
    .command('position')
    .description('sun position (NREL SPA) at a place and instant, with sunrise, transit and sunset of that local day')
    .requiredOption('--lat <deg>', 'latitude, degrees north (-90..90)')
    .requiredOption('--lon <deg>', 'longitude, degrees east (-180..180)')
    .requiredOption('--time <iso>', 'instant, ISO 8601 with offset, e.g. 2026-06-21T12:00:00+08:00')
    .option('--elevation <m>', 'site elevation, metres (default 0)')
    .option('--pressure <mbar>', 'mean pressure for refraction, mbar (default: from the elevation, 1013.25 at sea level)')
    .option('--temp <C>', 'mean temperature for refraction, °C (default 12)')
    .option('--delta-t <s>', 'TT − UT1, seconds (default: Espenak–Meeus estimate for the month)')
    .option('--json', 'machine-readable output')
    .action((opts: PositionOptions) => {
      const latDeg = num(opts.lat, 'lat', -90, 90) as number;
      const lonDeg = num(opts.lon, 'lon', -180, 180) as number;
      const timeMs = Date.parse(toUtcIso(opts.time, 'time'));
      const elevationM = num(opts.elevation, 'elevation', -500, 9000) ?? 0;
      const pressureMbar = num(opts.pressure, 'pressure', 0, 2000) ?? alt2pres(elevationM) / 100;
      const temperatureC = num(opts.temp, 'temp', -90, 60);
      const deltaTS = num(opts.deltaT, 'delta-t');
      const spa = { elevationM, pressureMbar, temperatureC, deltaTS };
      const offsetMin = offsetMinutes(opts.time);
      const p = solarPosition(timeMs, latDeg, lonDeg, spa);
      const r = sunriseSunsetTransit(opts.time.slice(0, 10), offsetMin, latDeg, lonDeg, spa);
      const record = {
        time: opts.time,
        zenith: p.zenith,
        apparentZenith: p.apparentZenith,
        azimuth: p.azimuth,
        elevation: p.elevation,
        apparentElevation: p.apparentElevation,
        equationOfTimeMin: p.equationOfTimeMin,
        declinationDeg: p.declinationDeg,
        sunrise: localIso(r.sunriseMs, offsetMin),
        transit: localIso(r.transitMs, offsetMin),
        sunset: localIso(r.sunsetMs, offsetMin),
      };
      if (opts.json) {
        printRecord(record, opts);
        return;
      }
      // Six decimals: the table printer keeps only six significant digits.
      const text = Object.fromEntries(
        Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? v.toFixed(6) : (v ?? 'none (polar day or night)')]),
      );
      printRecord(text, {});
    });
}
