import { describe, expect, it } from '@jest/globals';
import { formatReference, referenceYear } from './ticket-reference.util.js';

describe('ticket references', () => {
  it('formats the organisation-year number on six digits', () => {
    expect(formatReference(2026, 123)).toBe('EG-2026-000123');
    expect(formatReference(2027, 1)).toBe('EG-2027-000001');
    expect(formatReference(2026, 1234567)).toBe('EG-2026-1234567');
  });

  it("counts the year in Paris: New Year's Eve at 23:30 UTC is already next year", () => {
    expect(referenceYear(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(referenceYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(referenceYear(new Date('2026-06-30T23:30:00Z'))).toBe(2026);
  });
});
