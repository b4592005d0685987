import Table from 'cli-table3';

export interface OutputOptions {
  json?: boolean;
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/** Prints rows as a readable table, or as JSON on stdout with --json. */
export function printRows<T>(rows: T[], columns: Column<T>[], opts: OutputOptions, jsonValue: unknown = rows): void {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(jsonValue, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const table = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map((c) => cell(c.value(row))));
  process.stdout.write(`${table.toString()}\n`);
}

/** Prints one record as key/value lines, or JSON. */
export function printRecord(record: Record<string, unknown>, opts: OutputOptions): void {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  for (const [k, v] of Object.entries(record)) process.stdout.write(`${k.padEnd(width)}  ${cell(v)}\n`);
}

/** A progress bar on stderr when it is a terminal; silent otherwise, so pipes stay clean. */
export function progress(label: string, total: number): { tick(n?: number): void; done(): void } {
  const tty = process.stderr.isTTY;
  let current = 0;
  let lastDraw = 0;
  const draw = (): void => {
    const width = 30;
    const filled = total > 0 ? Math.round((current / total) * width) : width;
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total}`);
  };
  return {
    tick(n = 1) {
      current += n;
      if (tty && (Date.now() - lastDraw > 100 || current >= total)) {
        lastDraw = Date.now();
        draw();
      }
    },
    done() {
      if (tty) {
        draw();
        process.stderr.write('\n');
      }
    },
  };
}
