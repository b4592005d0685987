import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { printRows, progress } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { AppError, ErrorCode, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import { loadResolver } from '../factors/index.js';
import { computeFootprints } from './compute.js';
import { CSV_OUTPUT_COLUMNS, runFootprintCsv } from './csv.js';
import { explainShipment, explanationText } from './explain.js';
import { fromIleap, toIleap } from './ileap.js';
import type { FootprintInput, ShipmentFootprint } from './model.js';
import { footprintCsvValues } from './output.js';
import { saveFootprints, writeTenant } from './store.js';

interface Flags {
  format?: 'json' | 'csv' | 'ileap';
  out?: string;
  explain?: boolean;
  strict?: boolean;
  store?: boolean;
  tenant?: string;
  shippedOn?: string;
  json?: boolean;
}

const FORMATS = ['json', 'csv', 'ileap'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A footprint request, or iLEAP documents (one, or a list) which are read into one. */
function readJsonInput(doc: unknown): FootprintInput {
  const looksIleap = (d: unknown) =>
    isObject(d) && (isObject(d.shipmentFootprint) || Array.isArray(d.tces) || Array.isArray(d.extensions));
  if (Array.isArray(doc) && doc.every(looksIleap)) return { shipments: doc.map((d) => fromIleap(d)) };
  if (looksIleap(doc)) return { shipments: [fromIleap(doc)] };
  return doc as FootprintInput;
}

/** Writes to --out or stdout, resolving once the data is flushed. */
function sink(out: string | undefined): { write(chunk: string): Promise<void>; end(): Promise<void> } {
  const stream = out ? createWriteStream(out) : process.stdout;
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        if (stream.write(chunk)) resolve();
        else stream.once('drain', resolve).once('error', reject);
      }),
    end: () => new Promise((resolve) => (out ? (stream as ReturnType<typeof createWriteStream>).end(resolve) : resolve())),
  };
}

const SHIPMENT_COLUMNS = [
  { header: 'shipment', value: (s: ShipmentFootprint) => s.shipmentId },
  { header: 'mass kg', value: (s: ShipmentFootprint) => s.massKg },
  { header: 'elements', value: (s: ShipmentFootprint) => s.elements.length },
  { header: 't.km', value: (s: ShipmentFootprint) => s.transportActivityTkm },
  { header: 'WTW kg CO2e', value: (s: ShipmentFootprint) => s.co2eWtwKg },
  { header: 'TTW kg CO2e', value: (s: ShipmentFootprint) => s.co2eTtwKg },
  { header: 'WTT kg CO2e', value: (s: ShipmentFootprint) => s.co2eWttKg },
  { header: 'primary %', value: (s: ShipmentFootprint) => Math.round(s.primaryDataShare * 10000) / 100 },
];

async function csvFile(file: string, flags: Flags): Promise<number> {
  if (flags.format && flags.format !== 'csv') {
    throw new AppError(
      ErrorCode.Validation,
      'a CSV input gives CSV output (one row per shipment); use a JSON input for json or ileap',
    );
  }
  if (flags.store) throw new AppError(ErrorCode.Validation, 'to store a CSV batch, upload it with POST /v1/footprint-jobs');
  return withDb(async ({ db }) => {
    const resolver = await loadResolver(db, SYSTEM_SCOPE, { tenantId: flags.tenant });
    const totalBytes = statSync(file).size;
    const bar = progress('footprint', totalBytes);
    const input = createReadStream(file);
    input.on('data', (chunk) => bar.tick(chunk.length));
    const out = sink(flags.out);
    const summary = await runFootprintCsv(input, (chunk) => out.write(chunk), { resolver, strict: flags.strict });
    await out.end();
    bar.done();
    for (const e of summary.errors) process.stderr.write(`line ${e.line}: ${e.field}: ${e.message}\n`);
    const more = summary.errorCount > summary.errors.length ? ` (first ${summary.errors.length} shown)` : '';
    process.stderr.write(
      `${summary.shipments} shipments computed from ${summary.elements} chain elements` +
        (summary.errorCount
          ? `; ${summary.errorCount} bad lines${more}, ${summary.rejectedShipments} shipments left out\n`
          : '\n'),
    );
    return summary.errorCount > 0 ? 1 : 0;
  });
}

async function jsonFile(file: string, flags: Flags): Promise<number> {
  const format = flags.format ?? (flags.out ? 'json' : undefined);
  const document = readJsonInput(parseJsonText(readFileSync(file, 'utf8')));
  return withDb(async ({ db }) => {
    const tenantId = flags.store ? await writeTenant(db, SYSTEM_SCOPE, flags.tenant) : flags.tenant;
    const resolver = await loadResolver(db, SYSTEM_SCOPE, { tenantId });
    const output = computeFootprints(document, resolver);
    if (tenantId && flags.store) {
      const saved = await saveFootprints(
        db,
        tenantId,
        output.shipments.map((result, i) => ({ input: document.shipments![i]!, result, shippedOn: flags.shippedOn })),
        { source: 'api' },
      );
      process.stderr.write(`stored ${saved.length} shipment footprints for ${tenantId}\n`);
    }
    const explained = flags.explain ? { explainShipment, explanationText } : undefined;
    const out = sink(flags.out);
    if (format === 'json' || (!format && flags.json)) {
      const withSheets = explained
        ? {
            ...output,
            explanations: output.shipments.map((s, i) => explained.explainShipment(s, resolver, document.shipments?.[i])),
          }
        : output;
      await out.write(`${JSON.stringify(withSheets, null, 2)}\n`);
    } else if (format === 'ileap') {
      const docs = output.shipments.map((s, i) => toIleap(s, document.shipments![i]!));
      await out.write(`${JSON.stringify(docs, null, 2)}\n`);
    } else if (format === 'csv') {
      await out.write(`${CSV_OUTPUT_COLUMNS.join(',')}\n`);
      for (const s of output.shipments) await out.write(`${footprintCsvValues(s).join(',')}\n`);
    } else {
      printRows(output.shipments, SHIPMENT_COLUMNS, {});
      if (output.rounds.length) {
        printRows(
          output.rounds.flatMap((r) => r.parcels),
          [
            { header: 'round', value: (p) => p.roundId },
            { header: 'parcel', value: (p) => p.parcelId },
            { header: 'direct t.km', value: (p) => p.transportActivityTkm },
            { header: 'share %', value: (p) => Math.round(p.share * 10000) / 100 },
            { header: 'WTW kg CO2e', value: (p) => p.co2eWtwKg },
          ],
          {},
        );
      }
      if (explained)
        for (const s of output.shipments)
          process.stdout.write(`\n${explained.explanationText(explained.explainShipment(s, resolver))}`);
    }
    await out.end();
    return 0;
  });
}

export function registerFootprintCommands(program: Command): void {
  program
    .command('footprint <file>')
    .description('compute ISO 14083 footprints of a JSON request, iLEAP documents, or a batch CSV (one row per chain element)')
    .option('-f, --format <format>', 'output format: json | csv | ileap (default: a table, or CSV for CSV input)')
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--explain', 'add the calculation sheet of each shipment (JSON input)')
    .option('--strict', 'stop at the first bad row instead of reporting it and going on')
    .option('--store', 'store the footprints (JSON input) for --tenant')
    .option('-t, --tenant <id>', 'tenant whose factor sets to use and to store for')
    .option('--shipped-on <date>', 'date of the shipments when storing, YYYY-MM-DD')
    .option('--json', 'machine-readable output (JSON input)')
    .action(async (file: string, flags: Flags) => {
      if (flags.format && !FORMATS.includes(flags.format)) {
        throw new AppError(ErrorCode.Validation, `--format must be one of ${FORMATS.join(', ')}`);
      }
      const isCsv = extname(file).toLowerCase() === '.csv';
      const code = isCsv ? await csvFile(file, flags) : await jsonFile(file, flags);
      if (code !== 0) process.exitCode = code;
    });
}
