import { invalid } from '../core/index.js';

/** One CSV record and the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: `,` separated, `"` quoted with `""` escapes, LF or CRLF line ends, optional
 * UTF-8 BOM. Blank lines are skipped but still counted, so line numbers match an editor's.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteLine = 0;

  const endRecord = () => {
    fields.push(field);
    // A lone empty field is a blank line.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (inQuotes) {
    throw invalid(`unterminated quoted field starting on line ${quoteLine}`, [
      { line: quoteLine, message: 'a quoted field is not closed' },
    ]);
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
