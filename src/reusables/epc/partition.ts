import type { EpcKind } from './model.js';

/** One row of a TDS partition table: how the 44 (or so) bits after the partition split. */
export interface PartitionRow {
  companyPrefixBits: number;
  companyPrefixDigits: number;
  referenceBits: number;
  /** Fixed digit count of the reference; for GIAI the most digits the integer may have. */
  referenceDigits: number;
}

const rows = (table: Array<[number, number, number, number]>): PartitionRow[] =>
  table.map(([companyPrefixBits, companyPrefixDigits, referenceBits, referenceDigits]) => ({
    companyPrefixBits,
    companyPrefixDigits,
    referenceBits,
    referenceDigits,
  }));

/** TDS partition tables, indexed by partition value 0…6 (GCP 12…6 digits). */
export const PARTITIONS: Record<EpcKind, PartitionRow[]> = {
  sgtin: rows([
    [40, 12, 4, 1],
    [37, 11, 7, 2],
    [34, 10, 10, 3],
    [30, 9, 14, 4],
    [27, 8, 17, 5],
    [24, 7, 20, 6],
    [20, 6, 24, 7],
  ]),
  sscc: rows([
    [40, 12, 18, 5],
    [37, 11, 21, 6],
    [34, 10, 24, 7],
    [30, 9, 28, 8],
    [27, 8, 31, 9],
    [24, 7, 34, 10],
    [20, 6, 38, 11],
  ]),
  sgln: rows([
    [40, 12, 1, 0],
    [37, 11, 4, 1],
    [34, 10, 7, 2],
    [30, 9, 11, 3],
    [27, 8, 14, 4],
    [24, 7, 17, 5],
    [20, 6, 21, 6],
  ]),
  grai: rows([
    [40, 12, 4, 0],
    [37, 11, 7, 1],
    [34, 10, 10, 2],
    [30, 9, 14, 3],
    [27, 8, 17, 4],
    [24, 7, 20, 5],
    [20, 6, 24, 6],
  ]),
  giai: rows([
    [40, 12, 42, 13],
    [37, 11, 45, 14],
    [34, 10, 48, 15],
    [30, 9, 52, 16],
    [27, 8, 55, 17],
    [24, 7, 58, 18],
    [20, 6, 62, 19],
  ]),
};

/** The partition value for a company prefix of `digits` digits (12 → 0 … 6 → 6). */
export const partitionFor = (digits: number): number => 12 - digits;
