// A drop-off client that can be killed mid-write, for src/recycling/crash.test.ts. It records drop-offs of
// consecutive waybill numbers (from WORKER_FIRST) at WORKER_STATION, WORKER_PARALLEL at a time, printing
// `ok <n>` for each one stored. With CRASH_BEFORE (a table name) it SIGKILLs itself as its CRASH_AT-th
// write to that table is about to run, inside the drop-off's transaction: no clean-up code can run,
// as in a power cut or an OOM kill.
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from 'kysely';
import { SYSTEM_SCOPE } from '../../src/core/index.js';
import { openDb } from '../../src/db/index.js';
import { recordDropoff } from '../../src/recycling/dropoffs.js';
import { DEFAULT_CARRIERS } from '../../src/waybill/index.js';
import { formatWaybillNo } from '../../src/waybill/numbers.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

const crashTable = process.env.CRASH_BEFORE;
const crashAt = Number(process.env.CRASH_AT ?? 1);
let seen = 0;

/** Kills the process just before the crashAt-th query that names crashTable. */
class CrashPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const write = args.node.kind !== 'SelectQueryNode';
    if (crashTable && write && JSON.stringify(args.node).includes(`"${crashTable}"`) && ++seen === crashAt) {
      process.kill(process.pid, 'SIGKILL');
    }
    return args.node;
  }
  async transformResult<T>(args: { result: T }): Promise<T> {
    return args.result;
  }
}

const url = env('WORKER_DATABASE');
const inner = await openDb(url.startsWith('postgres') ? { databaseUrl: url } : { sqlitePath: url });
const db = { ...inner, kysely: inner.kysely.withPlugin(new CrashPlugin()) };
const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
const first = Number(env('WORKER_FIRST'));
const count = Number(env('WORKER_COUNT'));
const parallel = Number(process.env.WORKER_PARALLEL ?? 1);

let next = first;
async function lane(): Promise<void> {
  while (next < first + count) {
    const n = next++;
    await recordDropoff(
      db,
      SYSTEM_SCOPE,
      { stationId: env('WORKER_STATION'), consumerId: `u-${n % 97}`, waybillNo: formatWaybillNo(carrier, n), grade: 'carton_m' },
      { idempotencyKey: `crash-${n}`, limits: { consumerPerDay: 1e9, stationPerDay: 1e9, devicePerMinute: 1e9 } },
    );
    process.stdout.write(`ok ${n}\n`);
  }
}
await Promise.all(Array.from({ length: parallel }, lane));
await inner.close();
