// One layout per label size, in millimetres, turned into a flat list of drawing items that every
// renderer (PDF, PNG, ZPL, TSPL) draws the same way, so all formats print the same label.

import { invalid } from '../../core/errors.js';
import type { LabelContent, LabelSize } from './model.js';
import { MAX_QR_TOKEN_LENGTH } from './symbols.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Text whose top-left corner is at (x, y); `sizeMm` is the em height. */
export interface TextItem {
  kind: 'text';
  x: number;
  y: number;
  sizeMm: number;
  text: string;
}
/** A straight rule: a thin filled rectangle (horizontal or vertical). */
export interface LineItem {
  kind: 'line';
  x: number;
  y: number;
  w: number;
  h: number;
}
/** Code 128 centred in the box in whole dots per module (the number in clear is a separate text item). */
export interface BarcodeItem extends Box {
  kind: 'code128';
  value: string;
}
/** A square QR code of side `w` (= `h`). */
export interface QrItem extends Box {
  kind: 'qr';
  value: string;
}
export type DrawItem = TextItem | LineItem | BarcodeItem | QrItem;

export interface LabelDrawing {
  size: LabelSize;
  widthMm: number;
  heightMm: number;
  items: DrawItem[];
}

type Zone = 'code' | 'destination' | 'recipient' | 'sender' | 'contents' | 'signature';

interface SizeLayout {
  widthMm: number;
  heightMm: number;
  zones: Record<Zone, Box>;
  /** Bars of the Code 128; 3+ mm of white on both sides is its quiet zone. */
  barcode: Box;
  /** The QR square, with about 3 mm of white around it for its quiet zone. */
  qr: Box;
  /** Two-part stock: the tear-off part below the cut (存根联), with its own smaller barcode. */
  stub?: { box: Box; barcode: Box };
  fontMm: { carrier: number; sortCode: number; body: number; address: number; small: number };
}

export const LAYOUTS: Record<LabelSize, SizeLayout> = {
  '76x130': {
    widthMm: 76,
    heightMm: 130,
    zones: {
      code: { x: 0, y: 0, w: 76, h: 25 },
      destination: { x: 0, y: 25, w: 76, h: 17 },
      recipient: { x: 0, y: 42, w: 76, h: 24 },
      sender: { x: 0, y: 66, w: 76, h: 18 },
      contents: { x: 0, y: 84, w: 50, h: 24 },
      signature: { x: 0, y: 108, w: 76, h: 22 },
    },
    barcode: { x: 4, y: 7, w: 68, h: 12 },
    qr: { x: 53, y: 86, w: 20, h: 20 },
    fontMm: { carrier: 4, sortCode: 7, body: 3.5, address: 3, small: 2.5 },
  },
  '100x180': {
    widthMm: 100,
    heightMm: 180,
    zones: {
      code: { x: 0, y: 0, w: 100, h: 28 },
      destination: { x: 0, y: 28, w: 100, h: 18 },
      recipient: { x: 0, y: 46, w: 100, h: 24 },
      sender: { x: 0, y: 70, w: 100, h: 16 },
      contents: { x: 0, y: 86, w: 72, h: 12 },
      signature: { x: 0, y: 98, w: 72, h: 12 },
    },
    barcode: { x: 6, y: 7, w: 88, h: 14 },
    qr: { x: 76, y: 88, w: 20, h: 20 },
    stub: { box: { x: 0, y: 110, w: 100, h: 70 }, barcode: { x: 6, y: 114, w: 70, h: 10 } },
    fontMm: { carrier: 4.5, sortCode: 9, body: 4, address: 3.2, small: 2.5 },
  },
  '100x150': {
    widthMm: 100,
    heightMm: 150,
    zones: {
      code: { x: 0, y: 0, w: 100, h: 22 },
      destination: { x: 0, y: 22, w: 100, h: 16 },
      recipient: { x: 0, y: 38, w: 100, h: 19 },
      sender: { x: 0, y: 57, w: 100, h: 14 },
      contents: { x: 0, y: 71, w: 76, h: 10 },
      signature: { x: 0, y: 81, w: 76, h: 9 },
    },
    barcode: { x: 6, y: 6.5, w: 88, h: 10 },
    qr: { x: 80.5, y: 73, w: 15, h: 15 },
    stub: { box: { x: 0, y: 90, w: 100, h: 60 }, barcode: { x: 6, y: 94, w: 70, h: 10 } },
    fontMm: { carrier: 4, sortCode: 7.5, body: 3.5, address: 3, small: 2.5 },
  },
};

const PAD_MM = 2;
const RULE_MM = 0.3;
const LEADING = 1.25;
// Advance per character in em, as an upper bound for what labels carry: CJK glyphs are one em; digits,
// '*' and most letters are at most 0.67 em in Noto Sans and in the printers' built-in fonts.
const WIDE_EM = 1;
const NARROW_EM = 0.67;

const isWide = (ch: string): boolean => ch.codePointAt(0)! > 0x2e7f;

/** Estimated printed width of `text` in mm (an upper bound, see the em widths above). */
export function textWidthMm(text: string, sizeMm: number): number {
  let em = 0;
  for (const ch of text) em += isWide(ch) ? WIDE_EM : NARROW_EM;
  return em * sizeMm;
}

/** Breaks text into lines that fit `widthMm`; too many lines is a clear input error, not a clipped label. */
export function fitLines(
  text: string,
  sizeMm: number,
  widthMm: number,
  maxLines: number,
  field: string,
  size: LabelSize,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text.trim()) {
    if (line !== '' && textWidthMm(line + ch, sizeMm) > widthMm) {
      lines.push(line);
      line = ch === ' ' ? '' : ch;
    } else {
      line += ch;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) throw tooLong(field, size, maxLines);
  return lines;
}

function tooLong(field: string, size: LabelSize, maxLines: number) {
  const message = `${field} is too long for a ${size} label (at most ${maxLines} line${maxLines > 1 ? 's' : ''})`;
  return invalid(message, [{ field, message }]);
}

/** Lays out one label: the same items for every output format. */
export function layoutLabel(content: LabelContent, size: LabelSize): LabelDrawing {
  const spec = LAYOUTS[size];
  if (!spec)
    throw invalid(`unknown label size ${size}`, [{ field: 'size', message: `one of ${Object.keys(LAYOUTS).join(', ')}` }]);
  checkContent(content);
  const items: DrawItem[] = [];
  const f = spec.fontMm;
  const text = (x: number, y: number, sizeMm: number, t: string): void => {
    items.push({ kind: 'text', x, y, sizeMm, text: t });
  };
  const hline = (x: number, y: number, w: number): void => {
    items.push({ kind: 'line', x, y, w, h: RULE_MM });
  };
  const vline = (x: number, y: number, h: number): void => {
    items.push({ kind: 'line', x, y, w: RULE_MM, h });
  };
  /** Places `parts` one after another on a line, a gap apart; one that does not fit is an input error. */
  const row = (x: number, y: number, sizeMm: number, parts: string[], maxX: number, field: string): void => {
    for (const part of parts) {
      if (!part) continue;
      if (x + textWidthMm(part, sizeMm) > maxX) throw tooLong(field, size, 1);
      text(x, y, sizeMm, part);
      x += textWidthMm(part, sizeMm) + sizeMm * 0.6;
    }
  };
  const { zones: z } = spec;
  const right = (b: Box) => b.x + b.w - PAD_MM;

  // 码号区: carrier, print date, barcode and the number in clear.
  text(z.code.x + PAD_MM, z.code.y + 1.2, f.carrier, content.code.carrierName);
  const date = content.printedDate;
  text(right(z.code) - textWidthMm(date, f.small), z.code.y + 1.5, f.small, date);
  barcodeWithNumber(spec.barcode);

  // 目的地信息区: the sort code big enough to read across a sorting belt.
  const d = z.destination;
  row(d.x + PAD_MM, d.y + 1.5, f.sortCode, [content.destination.sortCode], right(d), 'destination.sortCode');
  row(
    d.x + PAD_MM,
    d.y + 2.5 + f.sortCode * LEADING,
    f.address,
    ['集包地', content.destination.consolidationPoint],
    right(d),
    'destination.consolidationPoint',
  );

  party(z.recipient, '收件人', content.recipient, 'recipient', f.body, f.address);
  party(z.sender, '寄件人', content.sender, 'sender', f.address, f.small);

  // 内件信息区, with the QR token beside it.
  const c = z.contents;
  const contentsSize = c.h >= 20 ? f.address : f.small;
  const lines = fitLines(
    `内件 ${content.contents.text}`,
    contentsSize,
    c.w - 2 * PAD_MM,
    c.h >= 20 ? 2 : 1,
    'contents.text',
    size,
  );
  let y = c.y + 1.2;
  for (const l of lines) {
    text(c.x + PAD_MM, y, contentsSize, l);
    y += contentsSize * LEADING;
  }
  row(
    c.x + PAD_MM,
    y,
    contentsSize,
    [`重量 ${content.contents.weightKg.toFixed(2)} kg`, `件数 ${content.contents.pieces}`],
    right(c),
    'contents',
  );
  items.push({ kind: 'qr', ...spec.qr, value: content.code.qrToken });

  // 签收区.
  const s = z.signature;
  const sigSize = s.h >= 15 ? f.address : f.small;
  text(s.x + PAD_MM, s.y + 1.2, sigSize, '签收人:');
  text(s.x + s.w / 2, s.y + 1.2, sigSize, '签收时间:');
  if (content.signature?.note)
    row(s.x + PAD_MM, s.y + 1.2 + sigSize * 1.6, sigSize, [content.signature.note], right(s), 'signature.note');

  // Rules: the frame, a rule under each zone, and one beside the QR.
  const { widthMm: W } = spec;
  const bottom = spec.stub ? spec.stub.box.y : spec.heightMm;
  hline(0, 0, W);
  vline(0, 0, spec.heightMm);
  vline(W - RULE_MM, 0, spec.heightMm);
  hline(0, spec.heightMm - RULE_MM, W);
  for (const b of [z.code, z.destination, z.recipient, z.sender]) hline(0, b.y + b.h, W);
  // The QR column runs down beside the signature zone too where that zone is narrow.
  const qrBeside = z.signature.w < W;
  hline(0, z.contents.y + z.contents.h, qrBeside ? z.contents.w : W);
  const qrColumnBottom = qrBeside ? bottom : z.contents.y + z.contents.h;
  vline(z.contents.w, z.contents.y, qrColumnBottom - z.contents.y);

  if (spec.stub) stub(spec.stub.box, spec.stub.barcode);
  return { size, widthMm: spec.widthMm, heightMm: spec.heightMm, items };

  // The number in clear, centred under its bars by the width bound (so never wider than their box).
  function barcodeWithNumber(b: Box) {
    const no = content.code.waybillNo;
    items.push({ kind: 'code128', ...b, value: no });
    text(b.x + Math.max(0, (b.w - textWidthMm(no, f.body)) / 2), b.y + b.h + 0.8, f.body, no);
  }

  function party(b: Box, caption: string, p: LabelContent['recipient'], field: string, sizeMm: number, addressMm: number) {
    const maxX = right(b);
    row(b.x + PAD_MM, b.y + 1.2, sizeMm, [caption, p.name, p.phone], maxX, field);
    const top = b.y + 1.2 + sizeMm * LEADING + 0.5;
    const maxLines = Math.max(1, Math.floor((b.y + b.h - 1 - top) / (addressMm * LEADING)));
    const lines = fitLines(p.address, addressMm, maxX - b.x - PAD_MM, maxLines, `${field}.address`, size);
    for (const [i, l] of lines.entries()) text(b.x + PAD_MM, top + i * addressMm * LEADING, addressMm, l);
  }

  // The tear-off part of two-part stock: a dashed cut, the number again, and who/what in one line each.
  function stub(b: Box, barcode: Box) {
    for (let x = 0; x < W; x += 4) hline(x, b.y, Math.min(2, W - x));
    barcodeWithNumber(barcode);
    let y = barcode.y + barcode.h + 0.8 + f.body * LEADING + 2;
    const lineOf = (caption: string, p: LabelContent['sender'], field: string) => {
      row(b.x + PAD_MM, y, f.address, [caption, p.name, p.phone], right(b), field);
      y += f.address * LEADING + 1;
    };
    lineOf('收件人', content.recipient, 'recipient');
    lineOf('寄件人', content.sender, 'sender');
    row(b.x + PAD_MM, y, f.address, [`内件 ${content.contents.text}`], right(b), 'contents.text');
    y += f.address * LEADING + 1;
    row(b.x + PAD_MM, y, f.small, [content.code.carrierName, content.printedDate], right(b), 'code.carrierName');
  }
}

function checkContent(c: LabelContent): void {
  const required: [string, string | undefined][] = [
    ['code.waybillNo', c.code?.waybillNo],
    ['code.qrToken', c.code?.qrToken],
    ['recipient.name', c.recipient?.name],
    ['recipient.phone', c.recipient?.phone],
    ['recipient.address', c.recipient?.address],
    ['sender.name', c.sender?.name],
    ['sender.phone', c.sender?.phone],
  ];
  const missing = required.filter(([, v]) => !v?.trim()).map(([field]) => ({ field, message: 'required on the label' }));
  if (missing.length) throw invalid(`label is missing ${missing.map((m) => m.field).join(', ')}`, missing);
  // Code 128 carries ASCII only; waybill numbers are letters and digits.
  if (!/^[A-Za-z0-9-]{1,30}$/.test(c.code.waybillNo)) {
    throw invalid('waybill number must be 1-30 letters, digits or dashes', [{ field: 'code.waybillNo', message: 'bad format' }]);
  }
  // The token goes inside quoted printer commands: no quotes, backslashes or ZPL's ^ and ~.
  const token = c.code.qrToken;
  if (token.length > MAX_QR_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token) || /["\\^~]/.test(token)) {
    const message = `QR token must be 1-${MAX_QR_TOKEN_LENGTH} printable ASCII characters without quotes, backslashes, ^ or ~`;
    throw invalid(message, [{ field: 'code.qrToken', message }]);
  }
}
