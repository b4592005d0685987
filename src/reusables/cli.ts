import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import { EPC_FORMATS, type EpcFormat } from './epcis/model.js';
import { parseEventQuery, type RawQuery } from './epcis/query.js';
import { assertCaptureSize, captureEvents, queryEvents } from './epcis/store.js';
import { parseDocument } from './epcis/validate.js';
import { periodMs, poolReport } from './pool/report.js';
import { type BoxTypeInput, createBoxType, listBoxTypes } from './pool/store.js';

export function registerReusableCommands(program: Command): void {
  const epcis = program.command('epcis').description('EPCIS 2.0 event repository: capture and query');
  epcis
    .command('capture <file>')
    .description('capture an EPCISDocument (JSON-LD); rollback on any bad event unless --proceed')
    .requiredOption('-t, --tenant <id>', 'tenant that owns the events')
    .option('--proceed', 'store the valid events and report the bad ones')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { tenant: string; proceed?: boolean; json?: boolean }) => {
      const doc = parseDocument(parseJsonText(readFileSync(file, 'utf8'), file));
      if (doc.errors.length) {
        throw invalid(
          `${file} is not an EPCIS 2.0 document: ${doc.errors[0]?.field} ${doc.errors[0]?.message}`,
          doc.errors.map((e) => ({ field: e.field, message: e.message })),
        );
      }
      assertCaptureSize(doc.events.length);
      const job = await withDb(({ db }) =>
        captureEvents(db, {
          tenantId: opts.tenant,
          keyId: 'cli',
          behaviour: opts.proceed ? 'proceed' : 'rollback',
          context: doc.context,
          events: doc.events,
          listPointer: doc.eventListPointer,
        }),
      );
      printRecord(
        {
          captureID: job.captureID,
          success: job.success,
          events: job.eventCount,
          captured: job.capturedCount,
          duplicates: job.duplicateCount,
          errors: job.errors.length ? job.errors.map((e) => `${e.field}: ${e.message}`).join('\n') : 'none',
        },
        opts,
      );
      if (!job.success) process.exitCode = 1;
    });

  epcis
    .command('query')
    .description('run a SimpleEventQuery; any EPCIS parameter as --param NAME=VALUE (e.g. EQ_bizStep=shipping)')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('--epc <uri>', 'events naming this EPC (URN or Digital Link) in any role')
    .option('--param <name=value...>', 'SimpleEventQuery parameters')
    .option('--per-page <n>', 'events per page (max 1000)', '100')
    .option('--format <format>', EPC_FORMATS.join(' | '), 'Never_Translates')
    .option('--json', 'print the EPCISQueryDocument')
    .action(
      async (opts: { tenant?: string; epc?: string; param?: string[]; perPage: string; format: string; json?: boolean }) => {
        if (!(EPC_FORMATS as readonly string[]).includes(opts.format))
          throw invalid(`--format must be one of ${EPC_FORMATS.join(', ')}`);
        const raw: RawQuery = { perPage: opts.perPage };
        for (const p of opts.param ?? []) {
          const eq = p.indexOf('=');
          if (eq < 1) throw invalid(`--param ${p}: expected NAME=VALUE`);
          const name = p.slice(0, eq);
          const prev = raw[name];
          raw[name] = prev === undefined ? p.slice(eq + 1) : [...(Array.isArray(prev) ? prev : [prev]), p.slice(eq + 1)];
        }
        const q = parseEventQuery(raw, opts.epc ? { epc: opts.epc } : {});
        const scope = opts.tenant ? { ...SYSTEM_SCOPE, tenantId: opts.tenant } : SYSTEM_SCOPE;
        const result = await withDb(({ db }) => queryEvents(db, scope, q, opts.format as EpcFormat));
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ type: 'EPCISQueryDocument', schemaVersion: '2.0', epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: result.events } } }, nextPageToken: result.nextPageToken }, null, 2)}\n`,
          );
          return;
        }
        printRows(
          result.events,
          [
            { header: 'eventTime', value: (e) => e.eventTime },
            { header: 'type', value: (e) => e.type },
            { header: 'action', value: (e) => e.action },
            { header: 'bizStep', value: (e) => e.bizStep },
            { header: 'disposition', value: (e) => e.disposition },
            {
              header: 'identifiers',
              value: (e) =>
                [
                  ...((e.epcList as string[]) ?? []),
                  ...(e.parentID ? [`parent ${e.parentID}`] : []),
                  ...((e.childEPCs as string[]) ?? []),
                ].join(' '),
            },
          ],
          {},
        );
        if (result.nextPageToken) process.stdout.write(`more: --param nextPageToken=${result.nextPageToken}\n`);
      },
    );

  const reusables = program.command('reusables').description('reusable RFID boxes: box types and pool KPIs');
  reusables
    .command('box-types')
    .description('list box types (one GRAI asset type each)')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const types = await withDb(({ db }) => listBoxTypes(db, SYSTEM_SCOPE, opts.tenant));
      printRows(
        types,
        [
          { header: 'id', value: (b) => b.id },
          { header: 'tenant', value: (b) => b.tenantId },
          { header: 'name', value: (b) => b.name },
          { header: 'GRAI class', value: (b) => `urn:epc:idpat:grai:${b.companyPrefix}.${b.assetType}.*` },
          { header: 'design trips', value: (b) => b.designTrips },
          { header: 'production kg CO2e', value: (b) => b.productionKgCo2e },
          { header: 'replaces', value: (b) => `${b.singleUseName} (${b.singleUseKgCo2e} kg CO2e)` },
        ],
        opts,
      );
    });
  reusables
    .command('add-box-type <file>')
    .description(
      'declare a box type from a JSON file {name, companyPrefix, assetType, designTrips, productionKgCo2e, singleUseName, singleUseKgCo2e, returnTransportKgCo2ePerTrip, cleaningKgCo2ePerTrip, overdueAfterDays?, lostAfterDays?}',
    )
    .requiredOption('-t, --tenant <id>', 'owner tenant (the brand)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { tenant: string; json?: boolean }) => {
      const input = parseJsonText(readFileSync(file, 'utf8'), file) as BoxTypeInput;
      const type = await withDb(({ db }) => createBoxType(db, opts.tenant, input));
      printRecord({ ...type }, opts);
    });
  reusables
    .command('kpis')
    .description('pool KPIs per box type and brand for a period (default: the last 365 days)')
    .option('-t, --tenant <id>', 'only this tenant (brand)')
    .option('--box-type <id>', 'only this box type')
    .option('--from <date>', 'period start (YYYY-MM-DD)')
    .option('--to <date>', 'period end, exclusive (YYYY-MM-DD)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; boxType?: string; from?: string; to?: string; json?: boolean }) => {
      const report = await withDb(({ db }) =>
        poolReport(db, SYSTEM_SCOPE, {
          tenantId: opts.tenant,
          boxTypeId: opts.boxType,
          fromMs: periodMs(opts.from, 'from'),
          toMs: periodMs(opts.to, 'to'),
        }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      printRows(
        report.pools,
        [
          { header: 'box type', value: (p) => p.boxType.name },
          { header: 'tenant', value: (p) => p.boxType.tenantId },
          { header: 'in circulation', value: (p) => p.kpis.boxesInCirculation },
          { header: 'trips to date', value: (p) => p.kpis.tripsToDate },
          { header: 'trips/box', value: (p) => p.kpis.tripsPerBox },
          { header: 'return rate', value: (p) => p.kpis.returnRate },
          { header: 'overdue', value: (p) => p.kpis.overdueBoxes },
          { header: 'lost', value: (p) => p.kpis.lostBoxes },
          { header: 'CO2e/trip kg', value: (p) => p.kpis.co2e.perTripKg },
          { header: 'break-even trips', value: (p) => p.kpis.co2e.breakEvenTrips },
          { header: 'saved kg CO2e', value: (p) => p.kpis.co2e.savedKg },
        ],
        {},
      );
    });
}
