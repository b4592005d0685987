import { invalid } from './errors.js';

// ISO 8601 with an explicit offset (Z or ±hh:mm) at the edges; UTC inside.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 timestamp that carries an offset and returns it in UTC (`...Z`). */
export function toUtcIso(value: string, field = 'time'): string {
  if (!ISO_WITH_OFFSET.test(value)) {
    throw invalid(`${field} must be ISO 8601 with an offset, e.g. 2026-01-31T08:00:00+08:00`, [
      { field, message: 'expected ISO 8601 date-time with offset' },
    ]);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${field} is not a valid date-time`, [{ field, message: 'invalid date-time' }]);
  return new Date(ms).toISOString();
}

export const nowIso = (): string => new Date().toISOString();
