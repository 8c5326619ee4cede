import { describe, expect, it } from '@jest/globals';
import { clean, codePointSlice, date, epoch, id, text } from './payload.util.js';

describe('epoch', () => {
  it('reads seconds and milliseconds by field', () => {
    expect(epoch(1603845970, 's')?.toISOString()).toBe('2020-10-28T00:46:10.000Z');
    expect(epoch(1458692752478, 'ms')?.getTime()).toBe(1458692752478);
    expect(epoch('1516403560557', 'ms')?.getTime()).toBe(1516403560557);
  });

  it('reads a value only possible in the other unit in that unit', () => {
    expect(epoch(1700000001234, 's')?.getTime()).toBe(1700000001234);
    expect(epoch(1700000001, 'ms')?.getTime()).toBe(1700000001000);
  });

  it('accepts an ISO string and refuses nonsense', () => {
    expect(epoch('2026-01-02T03:04:05Z', 's')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(epoch('soon', 's')).toBeUndefined();
    expect(epoch(-5, 's')).toBeUndefined();
    expect(epoch(null, 'ms')).toBeUndefined();
  });
});

describe('date', () => {
  it("reads X v1.1's format with its offset", () => {
    expect(date('Mon May 19 14:01:46 +0000 2025')?.toISOString()).toBe('2025-05-19T14:01:46.000Z');
    expect(date('Mon May 19 16:01:46 +0200 2025')?.toISOString()).toBe('2025-05-19T14:01:46.000Z');
  });

  it('reads ISO 8601 and refuses the rest', () => {
    expect(date('2026-07-24T21:23:23.000Z')?.getTime()).toBe(Date.UTC(2026, 6, 24, 21, 23, 23));
    expect(date('')).toBeUndefined();
    expect(date(12)).toBeUndefined();
  });
});

describe('readers', () => {
  it('reads ids from strings and integers only', () => {
    expect(id(' 12 ')).toBe('12');
    expect(id(12)).toBe('12');
    expect(id('')).toBeUndefined();
    expect(id({})).toBeUndefined();
    expect(text(Number.NaN)).toBeUndefined();
  });

  it('cuts by code points and ignores a range that does not fit', () => {
    expect(codePointSlice('é😀 abc', [3, 6])).toBe('abc');
    expect(codePointSlice('abc', [1, 99])).toBe('bc');
    expect(codePointSlice('abc', [5, 9])).toBe('abc');
    expect(codePointSlice('abc', 'x')).toBe('abc');
  });

  it('removes NUL characters', () => {
    expect(clean('a\u0000b\u0000')).toBe('ab');
  });
});
