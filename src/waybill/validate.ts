import { AppError, ErrorCode, type ErrorDetail, invalid, maskAddress } from '../core/index.js';
import {
  type CarrierConfig,
  CHECK_SCHEMES,
  type CheckScheme,
  ISSUE_LABEL_SIZE,
  LABEL_SPECS,
  type LabelSizeName,
  type ParcelInput,
  type Party,
  type Waybill,
} from './model.js';

// Input checks for issuance and carrier config. Every problem is reported with a JSON pointer
// (`/parcels/3/recipient/phone`), all of them at once (capped), before anything is written.

/** Most parcels one issue request may carry. */
export const MAX_PARCELS_PER_BATCH = 1000;
/** Most problems one error lists. */
export const MAX_ERROR_DETAILS = 100;
export const MAX_ORDER_KEY_CHARS = 64;
export const MAX_NAME_CHARS = 30;
export const MAX_CONTENTS_CHARS = 50;
export const MAX_PLACE_CHARS = 20;
export const MAX_WEIGHT_KG = 1000;
export const MAX_PIECES = 999;

// Mainland mobile (1[3-9] + 9 digits) or a landline with its area code (0 + 9 to 11 digits), after
// dropping spaces, dashes, brackets and a +86/0086 country code.
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0[1-9]\d{8,10}$/;

/** The digits of a phone as validation sees it, or undefined when it is not a Chinese mobile or landline. */
export function normalizePhone(phone: string): string | undefined {
  const s = phone.normalize('NFKC').replace(/[\s\-()]/g, '');
  if (!/^\+?\d+$/.test(s)) return undefined;
  const digits = s.replace(/^(?:\+86|0086)/, '');
  return MOBILE.test(digits) || LANDLINE.test(digits) ? digits : undefined;
}

/** Characters as a printer counts them (code points, so 中 is one). */
export const charCount = (s: string): number => [...s].length;

/** The address line a label prints, in full and masked; the longer one must fit the label. */
export function addressLine(p: Pick<Party, 'province' | 'city' | 'district' | 'address'>): { full: string; masked: string } {
  const head = `${p.province}${p.city}${p.district}`;
  return { full: head + p.address, masked: head + maskAddress(p.address) };
}

export interface ParcelCheckOptions {
  /** Carrier codes the tenant may use (upper case). */
  carriers: ReadonlySet<string>;
  /** Carrier for parcels that name none (the CLI's `--carrier`). */
  defaultCarrier?: string;
  /** The label size addresses must fit; 76x130 (the smallest) by default. */
  labelSize?: LabelSizeName;
  maxBatch?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

class Problems {
  readonly list: ErrorDetail[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
}

function checkParty(v: unknown, at: string, maxAddressChars: number, problems: Problems): Party | undefined {
  if (!isObject(v)) {
    problems.add(at, 'required: an object with name, phone, province, city, district, address');
    return undefined;
  }
  const before = problems.list.length;
  const name = text(v.name);
  if (!name) problems.add(`${at}/name`, 'required');
  else if (charCount(name) > MAX_NAME_CHARS) problems.add(`${at}/name`, `longer than ${MAX_NAME_CHARS} characters`);
  const phone = text(v.phone);
  if (!phone) problems.add(`${at}/phone`, 'required');
  else if (!normalizePhone(phone))
    problems.add(
      `${at}/phone`,
      'not a phone number: expected a mainland mobile (11 digits, 1[3-9]...) or a landline with area code',
    );
  const place: Record<'province' | 'city' | 'district' | 'address', string | undefined> = {
    province: text(v.province),
    city: text(v.city),
    district: text(v.district),
    address: text(v.address),
  };
  for (const [k, value] of Object.entries(place)) {
    if (!value) problems.add(`${at}/${k}`, 'required');
    else if (k !== 'address' && charCount(value) > MAX_PLACE_CHARS)
      problems.add(`${at}/${k}`, `longer than ${MAX_PLACE_CHARS} characters`);
  }
  if (problems.list.length > before) return undefined;
  const party: Party = {
    name: name!,
    phone: phone!,
    province: place.province!,
    city: place.city!,
    district: place.district!,
    address: place.address!,
  };
  const line = addressLine(party);
  const length = Math.max(charCount(line.full), charCount(line.masked));
  if (length > maxAddressChars) {
    problems.add(
      `${at}/address`,
      `address too long for the label: ${length} characters with province, city and district, at most ${maxAddressChars}`,
    );
    return undefined;
  }
  return party;
}

/**
 * Checks a batch of parcels and returns them normalised (trimmed, carrier upper case, pieces
 * defaulted). Throws one validation error listing every problem, each with its JSON pointer.
 */
export function validateParcels(parcels: unknown, options: ParcelCheckOptions): ParcelInput[] {
  const maxBatch = options.maxBatch ?? MAX_PARCELS_PER_BATCH;
  if (!Array.isArray(parcels)) throw invalid('parcels must be a list', [{ field: '/parcels', message: 'expected an array' }]);
  if (parcels.length === 0) throw invalid('no parcels to issue', [{ field: '/parcels', message: 'empty' }]);
  if (parcels.length > maxBatch) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `at most ${maxBatch} parcels per request, got ${parcels.length}; split the batch`,
      [{ field: '/parcels', message: `more than ${maxBatch} items` }],
    );
  }
  const size = options.labelSize ?? ISSUE_LABEL_SIZE;
  const maxAddressChars = LABEL_SPECS[size].maxAddressChars;
  const problems = new Problems();
  const out: ParcelInput[] = [];
  parcels.forEach((p, i) => {
    const at = `/parcels/${i}`;
    if (!isObject(p)) {
      problems.add(at, 'expected an object');
      return;
    }
    const before = problems.list.length;
    const orderKey = text(p.orderKey);
    if (!orderKey) problems.add(`${at}/orderKey`, 'required');
    else if (charCount(orderKey) > MAX_ORDER_KEY_CHARS)
      problems.add(`${at}/orderKey`, `longer than ${MAX_ORDER_KEY_CHARS} characters`);
    const carrier = (text(p.carrier) ?? text(options.defaultCarrier))?.toUpperCase();
    if (!carrier) problems.add(`${at}/carrier`, 'required (or give a default carrier)');
    else if (!options.carriers.has(carrier)) {
      problems.add(`${at}/carrier`, `unknown carrier "${carrier}"; known: ${[...options.carriers].sort().join(', ')}`);
    }
    const sender = checkParty(p.sender, `${at}/sender`, maxAddressChars, problems);
    const recipient = checkParty(p.recipient, `${at}/recipient`, maxAddressChars, problems);
    const weightKg = p.weightKg;
    if (typeof weightKg !== 'number' || !Number.isFinite(weightKg)) problems.add(`${at}/weightKg`, 'required: a number of kg');
    else if (weightKg <= 0) problems.add(`${at}/weightKg`, 'must be greater than 0');
    else if (weightKg > MAX_WEIGHT_KG) problems.add(`${at}/weightKg`, `at most ${MAX_WEIGHT_KG} kg`);
    const contents = text(p.contents);
    if (!contents) problems.add(`${at}/contents`, 'required');
    else if (charCount(contents) > MAX_CONTENTS_CHARS)
      problems.add(`${at}/contents`, `longer than ${MAX_CONTENTS_CHARS} characters`);
    const pieces = p.pieces ?? 1;
    if (typeof pieces !== 'number' || !Number.isInteger(pieces) || pieces < 1 || pieces > MAX_PIECES) {
      problems.add(`${at}/pieces`, `an integer from 1 to ${MAX_PIECES}`);
    }
    if (problems.list.length > before) return;
    out.push({
      orderKey: orderKey!,
      carrier: carrier!,
      sender: sender!,
      recipient: recipient!,
      weightKg: weightKg as number,
      contents: contents!,
      pieces: pieces as number,
    });
  });
  if (problems.list.length > 0) {
    const n = problems.list.length;
    const shown = problems.list.slice(0, MAX_ERROR_DETAILS);
    const first = shown[0]!;
    throw invalid(`${n} problem${n === 1 ? '' : 's'} in parcels, first ${first.field}: ${first.message}`, shown);
  }
  return out;
}

/** Checks a carrier's numbering rule; returns it normalised (codes and prefix upper case). */
export function validateCarrier(input: unknown): CarrierConfig {
  const problems = new Problems();
  if (!isObject(input)) throw invalid('carrier must be an object', [{ field: '', message: 'expected an object' }]);
  const code = text(input.code)?.toUpperCase();
  if (!code || !/^[A-Z0-9]{2,10}$/.test(code)) problems.add('/code', '2 to 10 letters or digits');
  const name = text(input.name);
  if (!name || charCount(name) > 60) problems.add('/name', 'required, at most 60 characters');
  const prefix = typeof input.prefix === 'string' ? input.prefix.trim().toUpperCase() : undefined;
  if (prefix === undefined || !/^[A-Z0-9]{1,4}$/.test(prefix)) problems.add('/prefix', '1 to 4 letters or digits');
  const digits = input.sequenceDigits;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 4 || digits > 15) {
    problems.add('/sequenceDigits', 'an integer from 4 to 15');
  }
  const scheme = input.checkScheme ?? 'luhn';
  if (typeof scheme !== 'string' || !(CHECK_SCHEMES as readonly string[]).includes(scheme)) {
    problems.add('/checkScheme', `one of ${CHECK_SCHEMES.join(', ')}`);
  }
  if (problems.list.length > 0)
    throw invalid(`invalid carrier: ${problems.list[0]!.field} ${problems.list[0]!.message}`, problems.list);
  return { code: code!, name: name!, prefix: prefix!, sequenceDigits: digits as number, checkScheme: scheme as CheckScheme };
}

/** Throws when a waybill may not be printed (voided). Label rendering calls this before every print. */
export function assertPrintable(waybill: Pick<Waybill, 'waybillNo' | 'status'>): void {
  if (waybill.status === 'voided') {
    throw new AppError(ErrorCode.Conflict, `waybill ${waybill.waybillNo} is voided and cannot be printed`);
  }
}
