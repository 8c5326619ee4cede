/** Small readers for untrusted platform JSON: they never throw, they answer undefined. */

export type Json = Record<string, unknown>;

export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A platform id or text: strings as they are, integers as digits (X numeric ids lose precision: use `*_str`). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A non-empty id. */
export function id(value: unknown): string | undefined {
  const result = text(value)?.trim();
  return result ? result : undefined;
}

/** PostgreSQL text cannot hold NUL; a JSON body can (`\u0000`). */
export function clean(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
}

const YEAR_2001_SECONDS = 978_307_200;
const YEAR_2001_MS = YEAR_2001_SECONDS * 1000;

/**
 * A Unix time in the unit the field is documented in (platforms.md A3: feed times are seconds,
 * Messenger and X DM times milliseconds). A value that only makes sense in the other unit (Meta's
 * group_feed sends milliseconds in a "seconds" field) is read in that unit.
 */
export function epoch(value: unknown, unit: 's' | 'ms'): Date | undefined {
  const raw = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
    return typeof value === 'string' ? date(value) : undefined;
  }
  let ms = unit === 's' ? raw * 1000 : raw;
  if (unit === 's' && raw > YEAR_2001_MS) ms = raw;
  if (unit === 'ms' && raw < YEAR_2001_SECONDS * 10) ms = raw * 1000;
  return valid(new Date(ms));
}

/** ISO 8601 (X v2) or X v1.1's `Mon May 19 14:01:46 +0000 2025`. */
export function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const v1 = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})$/.exec(value.trim());
  if (v1) {
    const [, month, day, time, offset, year] = v1;
    return valid(new Date(`${day} ${month} ${year} ${time} ${offset}`));
  }
  return valid(new Date(value));
}

function valid(value: Date): Date | undefined {
  return Number.isNaN(value.getTime()) ? undefined : value;
}

/** Code points from `start` to `end` (X counts text ranges in code points, not UTF-16 units). */
export function codePointSlice(value: string, range: unknown): string {
  const bounds = list(range);
  const start = typeof bounds[0] === 'number' ? bounds[0] : undefined;
  const end = typeof bounds[1] === 'number' ? bounds[1] : undefined;
  if (start === undefined || end === undefined || start < 0 || end < start) return value;
  const points = Array.from(value);
  if (start >= points.length) return value;
  return points.slice(start, Math.min(end, points.length)).join('');
}
