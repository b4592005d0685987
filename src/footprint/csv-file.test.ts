import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { footprintCsvText } from './csv.js';
import { runFootprintCsvFile } from './csv-file.js';
import { TEST_FACTORS, testResolver } from './fixtures.test-support.js';
import { GEN_HOCS, GEN_TOCS, randomCsvChunks } from './generate.test-support.js';

// The worker-thread path must give byte-for-byte the output and the line numbers of one thread.

const dir = mkdtempSync(join(tmpdir(), 'greenlink-csv-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = { tocs: GEN_TOCS, hocs: GEN_HOCS };

async function run(file: string, workers: number, strict = false) {
  let out = '';
  const summary = await runFootprintCsvFile(
    file,
    (c) => {
      out += c;
    },
    { ...opts, factors: TEST_FACTORS, workers, minParallelBytes: 0, strict },
  );
  return { out, summary };
}

describe('runFootprintCsvFile', () => {
  // Bad rows spread over the file, so several parts report errors.
  const lines = [...randomCsvChunks(21, 30_000)].join('').split('\n');
  for (const at of [500, 11_000, 17_000, 25_000]) lines[at] = lines[at].replace(/,leg,[^,]*,/, ',leg,nope:x,');
  const text = lines.join('\n');
  const file = join(dir, 'chain.csv');
  writeFileSync(file, text);

  it('should give the same output, counts and error lines on 1, 2 and 3 threads', async () => {
    const single = await footprintCsvText(text, { ...opts, resolver: testResolver });
    expect(single.summary.errorCount).toBeGreaterThan(0);
    for (const workers of [1, 2, 3]) {
      const { out, summary } = await run(file, workers);
      expect(summary.workers).toBe(workers);
      expect(out).toBe(single.output);
      const { workers: _w, ...rest } = summary;
      expect(rest).toEqual(single.summary);
    }
  });

  it('should stop at the first bad row of the file when strict', async () => {
    const e = await run(file, 2, true).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).details[0]).toMatchObject({ line: 501, field: 'toc' });
  });

  it('should stay on one thread for a file with quotes', async () => {
    const quoted = join(dir, 'quoted.csv');
    writeFileSync(quoted, `${text.replace('S7,', '"S7",')}`);
    const { summary } = await run(quoted, 2);
    expect(summary.workers).toBe(1);
  });
});
