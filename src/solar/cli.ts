import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, SYSTEM_SCOPE } from '../core/index.js';
import { CSV_HEADERS, parseReadingsCsv, READING_KINDS, type ReadingKind } from './import.js';
import { INTERVAL_LABELS, type IntervalLabel, type ModuleType, type Mounting } from './model.js';
import { addPositionCommand } from './position-cli.js';
import {
  createPark,
  expectedEnergy,
  type Granularity,
  listParks,
  newSystemId,
  parkEnergy,
  performance,
  solarAlerts,
  solarSummary,
} from './service.js';
import { addSystem, importReadings } from './store.js';

/** A number option, or undefined when absent; a clear error names the option otherwise. */
function num(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n))
    throw invalid(`--${option} must be a number, got "${value}"`, [{ field: option, message: 'a number' }]);
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(`--${option} must be one of ${allowed.join(', ')}`, [{ field: option, message: allowed.join(' | ') }]);
  }
  return value as T;
}

const json = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
const fixed = (v: number | null, digits = 3) => (v === null ? '' : v.toFixed(digits));

interface PeriodOpts {
  park: string;
  system?: string;
  from: string;
  to: string;
  json?: boolean;
}

export function registerSolarCommands(program: Command): void {
  const solar = program
    .command('solar')
    .description('solar parks: PV systems, readings, expected energy, performance, alerts, Scope 2');
  addPositionCommand(solar);

  const parks = solar.command('parks').description('solar parks (network sites of kind solar_park with PV settings)');
  parks
    .command('list')
    .description('list solar parks with installed kWp and metered generation')
    .option('-t, --tenant <id>', 'only this operator')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const page = await withDb(({ db }) => listParks(db, SYSTEM_SCOPE, { tenantId: opts.tenant, limit: 500 }));
      printRows(
        page.items,
        [
          { header: 'id', value: (p) => p.id },
          { header: 'name', value: (p) => p.name },
          { header: 'city', value: (p) => p.city },
          { header: 'systems', value: (p) => p.kpis.systems },
          { header: 'kWp', value: (p) => p.kpis.installedKwp },
          { header: 'generation kWh', value: (p) => p.kpis.generationKwh },
        ],
        opts,
      );
    });
  parks
    .command('create')
    .description('add a solar park: creates its site (or --site attaches to an existing solar_park site)')
    .option('-t, --tenant <id>', 'owner tenant (required unless --site)')
    .option('--site <id>', 'existing site of kind solar_park')
    .option('--name <name>')
    .option('--city <city>')
    .option('--province <province>')
    .option('--region <region>', 'reporting region (East, North, South, Central, ...)')
    .option('--lat <deg>')
    .option('--lon <deg>')
    .option('--elevation <m>', 'metres above sea level (default 0)')
    .option('--utc-offset <min>', 'minutes east of UTC (default 480)')
    .option('--turbidity <values>', '12 monthly Linke turbidity values, comma-separated (default 4)')
    .option('--meter-label <label>', `meter interval label: ${INTERVAL_LABELS.join(', ')} (default left)`)
    .option('--sensor-label <label>', 'sensor interval label (default left)')
    .option('--site-meter-label <label>', 'site meter interval label (default left)')
    .option('--grid-region <region>', 'MEE grid for Scope 2 when it differs from the region')
    .option('--sensor-tilt <deg>', "plane of the POA sensor when it is not every system's plane")
    .option('--sensor-azimuth <deg>', 'azimuth of the POA sensor, clockwise from north (default 180)')
    .option('--json', 'machine-readable output')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const s = (k: string) => opts[k] as string | undefined;
      const park = await withDb(({ db }) =>
        createPark(db, SYSTEM_SCOPE, {
          siteId: s('site'),
          tenantId: s('tenant'),
          name: s('name'),
          city: s('city'),
          province: s('province'),
          region: s('region'),
          lat: num(s('lat'), 'lat'),
          lon: num(s('lon'), 'lon'),
          elevationM: num(s('elevation'), 'elevation'),
          utcOffsetMin: num(s('utcOffset'), 'utc-offset'),
          linkeTurbidity: s('turbidity')
            ?.split(',')
            .map((v, i) => num(v, `turbidity[${i}]`) as number),
          meterLabel: oneOf(s('meterLabel'), INTERVAL_LABELS, 'meter-label'),
          sensorLabel: oneOf(s('sensorLabel'), INTERVAL_LABELS, 'sensor-label'),
          siteMeterLabel: oneOf(s('siteMeterLabel'), INTERVAL_LABELS, 'site-meter-label'),
          gridRegion: s('gridRegion'),
          sensorTiltDeg: num(s('sensorTilt'), 'sensor-tilt'),
          sensorAzimuthDeg: num(s('sensorAzimuth'), 'sensor-azimuth'),
        }),
      );
      if (opts.json) json(park);
      else process.stdout.write(`created solar park ${park.id} (${park.name})\n`);
    });

  solar
    .command('systems')
    .description('PV systems of a park')
    .command('add')
    .description('add a PV system to a park')
    .requiredOption('--park <id>', 'the park')
    .requiredOption('--name <name>')
    .requiredOption('--kwp <kWp>', 'DC nameplate, kWp')
    .requiredOption('--tilt <deg>', 'tilt from horizontal, 0 to 90')
    .option('--id <code>', "the operator's code (generated when absent)")
    .option('--azimuth <deg>', 'clockwise from north, 180 = south (default)')
    .option('--mounting <m>', 'open_rack | close_mount (default) | insulated_back')
    .option('--module-type <t>', 'standard (default) | premium | thin_film')
    .option('--inverter-kw <kW>', 'inverter AC rating (default kWp / 1.1)')
    .option('--losses <pct>', 'PVWatts system losses, percent (default 14.08)')
    .option('--albedo <a>', 'ground reflectance (default 0.2)')
    .option('--commissioned <day>', 'YYYY-MM-DD')
    .option('--json', 'machine-readable output')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const s = (k: string) => opts[k] as string | undefined;
      const system = await withDb(({ db }) =>
        addSystem(
          db,
          SYSTEM_SCOPE,
          s('park') as string,
          {
            id: s('id'),
            name: s('name') as string,
            dcKwp: num(s('kwp'), 'kwp') as number,
            tiltDeg: num(s('tilt'), 'tilt') as number,
            azimuthDeg: num(s('azimuth'), 'azimuth'),
            mounting: s('mounting') as Mounting | undefined,
            moduleType: s('moduleType') as ModuleType | undefined,
            inverterAcKw: num(s('inverterKw'), 'inverter-kw'),
            lossesPct: num(s('losses'), 'losses'),
            albedo: num(s('albedo'), 'albedo'),
            commissionedOn: s('commissioned'),
          },
          newSystemId,
        ),
      );
      if (opts.json) json(system);
      else process.stdout.write(`added PV system ${system.id} (${system.dcKwp} kWp) to park ${system.parkId}\n`);
    });

  solar
    .command('import <file>')
    .description(
      `import readings from CSV, all or nothing; headers: meter ${CSV_HEADERS.meter} | sensor ${CSV_HEADERS.sensor} | site ${CSV_HEADERS.site}`,
    )
    .option('--park <id>', 'the park (sensor and site files without a park_id column; checks meter systems)')
    .option('--kind <kind>', `${READING_KINDS.join(' | ')} (default: from the header)`)
    .option('--step <min>', 'interval length in minutes (default 60)')
    .option('--label <label>', `what the timestamps name: ${INTERVAL_LABELS.join(', ')} (default: the park's setting)`)
    .option('--replace', 'replace stored values that differ instead of refusing them')
    .option('--json', 'machine-readable output')
    .action(
      async (
        file: string,
        opts: { park?: string; kind?: string; step?: string; label?: string; replace?: boolean; json?: boolean },
      ) => {
        const kind = oneOf<ReadingKind>(opts.kind, READING_KINDS, 'kind');
        const label = oneOf<IntervalLabel>(opts.label, INTERVAL_LABELS, 'label');
        const parsed = parseReadingsCsv(readFileSync(file, 'utf8'), { kind });
        const result = await withDb(({ db }) =>
          importReadings(db, SYSTEM_SCOPE, {
            parsed,
            parkId: opts.park,
            stepMin: num(opts.step, 'step'),
            label,
            replace: opts.replace,
          }),
        );
        if (opts.json) json(result);
        else
          process.stdout.write(
            `${result.kind} readings: ${result.inserted} inserted, ${result.unchanged} unchanged, ${result.replaced} replaced (${result.rows} rows)\n`,
          );
      },
    );

  const period = (cmd: Command) =>
    cmd
      .requiredOption('--park <id>', 'the park')
      .option('--system <id>', 'one PV system of the park')
      .requiredOption('--from <day>', 'first local day, YYYY-MM-DD (or ISO 8601 with offset)')
      .requiredOption('--to <day>', 'end, exclusive: local day YYYY-MM-DD (or ISO 8601 with offset)')
      .option('--json', 'machine-readable output');

  period(solar.command('expected'))
    .description('expected AC energy per day: the model chain on the measured weather, or the clear sky')
    .option('--clearsky', 'the clear sky, ignoring measured irradiance')
    .action(async (opts: PeriodOpts & { clearsky?: boolean }) => {
      const answer = await withDb(({ db }) =>
        expectedEnergy(db, SYSTEM_SCOPE, {
          parkId: opts.park,
          systemId: opts.system,
          from: opts.from,
          to: opts.to,
          clearSky: opts.clearsky === true,
        }),
      );
      if (opts.json) return json(answer);
      printRows(
        answer.days,
        [
          { header: 'day', value: (d) => d.day },
          ...answer.systems.map((s) => ({
            header: `${s.systemId} kWh`,
            value: (d: { day: string }) => fixed(s.days.find((x) => x.day === d.day)?.expectedKwh ?? null, 1),
          })),
          { header: 'park kWh', value: (d) => fixed(d.expectedKwh, 1) },
        ],
        {},
      );
      process.stdout.write(`total ${answer.totalKwh.toFixed(1)} kWh expected (${answer.poaSource.replace('_', ' ')})\n`);
    });

  period(solar.command('performance'))
    .description('measured vs expected energy, specific yield, PR (plane of array), weather-corrected PR, availability')
    .option('--granularity <g>', 'day (default) | month | total')
    .action(async (opts: PeriodOpts & { granularity?: string }) => {
      const answer = await withDb(({ db }) =>
        performance(db, SYSTEM_SCOPE, {
          parkId: opts.park,
          systemId: opts.system,
          from: opts.from,
          to: opts.to,
          granularity: oneOf<Granularity>(opts.granularity, ['day', 'month', 'total'], 'granularity'),
        }),
      );
      if (opts.json) return json(answer);
      printRows(
        answer.park,
        [
          { header: 'period', value: (r) => r.period },
          { header: 'measured kWh', value: (r) => fixed(r.measuredKwh, 1) },
          { header: 'expected kWh', value: (r) => fixed(r.expectedKwh, 1) },
          { header: 'clear-sky kWh', value: (r) => fixed(r.clearSkyKwh, 1) },
          { header: 'kWh/kWp', value: (r) => fixed(r.specificYieldKwhKwp, 2) },
          { header: 'PR', value: (r) => fixed(r.pr) },
          { header: 'PR (weather-corr.)', value: (r) => fixed(r.weatherCorrectedPr) },
          { header: 'availability', value: (r) => fixed(r.availability) },
        ],
        {},
      );
      process.stdout.write(`irradiance: ${answer.poaSource.replace('_', ' ')}; ${answer.installedKwp} kWp\n`);
    });

  period(solar.command('alerts'))
    .description('underperformance on clear days, data gaps, stale meters, timestamp shifts, with reasons')
    .action(async (opts: PeriodOpts) => {
      const answer = await withDb(({ db }) =>
        solarAlerts(db, SYSTEM_SCOPE, { parkId: opts.park, systemId: opts.system, from: opts.from, to: opts.to }),
      );
      printRows(
        answer.items,
        [
          { header: 'kind', value: (a) => a.kind },
          { header: 'system', value: (a) => a.systemId },
          { header: 'from', value: (a) => a.from },
          { header: 'to', value: (a) => a.to },
          { header: 'severity', value: (a) => a.severity },
          { header: 'reason', value: (a) => a.reason },
        ],
        opts,
        answer,
      );
    });

  solar
    .command('energy')
    .description('generation, self-consumption, export and the Scope 2 avoided (location-based), by month or year')
    .requiredOption('--park <id>', 'the park')
    .requiredOption('--from <day>', 'first local day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'end, exclusive, YYYY-MM-DD')
    .option('--granularity <g>', 'month (default) | year')
    .option('--json', 'machine-readable output')
    .action(async (opts: PeriodOpts & { granularity?: string }) => {
      const answer = await withDb(({ db }) =>
        parkEnergy(db, SYSTEM_SCOPE, {
          parkId: opts.park,
          from: opts.from,
          to: opts.to,
          granularity: oneOf(opts.granularity, ['month', 'year'] as const, 'granularity'),
        }),
      );
      if (opts.json) return json(answer);
      printRows(
        [...answer.rows, answer.total],
        [
          { header: 'period', value: (r) => r.period },
          { header: 'generation kWh', value: (r) => fixed(r.generationKwh, 1) },
          { header: 'self-consumed kWh', value: (r) => fixed(r.selfConsumedKwh, 1) },
          { header: 'export kWh', value: (r) => fixed(r.exportKwh, 1) },
          { header: 'import kWh', value: (r) => fixed(r.importKwh, 1) },
          { header: 'Scope 2 avoided kg', value: (r) => fixed(r.scope2AvoidedKgCo2e, 1) },
          { header: 'export avoided kg', value: (r) => fixed(r.exportAvoidedKgCo2e, 1) },
          { header: 'factor', value: (r) => (r.factor ? `${r.factor.factorId} (${r.factor.year})` : '') },
        ],
        {},
      );
    });

  solar
    .command('summary')
    .description('all parks: installed kWp, generation, self-consumption, export, kg CO2e avoided')
    .option('--from <day>', 'first local day, YYYY-MM-DD (default: first reading)')
    .option('--to <day>', 'end, exclusive (default: after the last reading)')
    .option('-t, --tenant <id>', 'one operator')
    .option('--json', 'machine-readable output')
    .action(async (opts: { from?: string; to?: string; tenant?: string; json?: boolean }) => {
      const s = await withDb(({ db }) => solarSummary(db, SYSTEM_SCOPE, { from: opts.from, to: opts.to, tenantId: opts.tenant }));
      if (opts.json) return json(s);
      const { byYear, byMonth, factors, method, ...head } = s;
      printRecord({ ...head, parksWithoutSiteMeters: head.parksWithoutSiteMeters.join(', ') }, {});
    });
}
