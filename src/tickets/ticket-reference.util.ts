/** Tickets are numbered per organisation and calendar year of the authority (Europe/Paris). */
export const REFERENCE_PREFIX = 'EG';

const parisYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' });

export function referenceYear(at: Date): number {
  return Number(parisYear.format(at));
}

/** `EG-2026-000123`: six digits at least, more past 999,999. */
export function formatReference(year: number, number: number): string {
  return `${REFERENCE_PREFIX}-${year}-${String(number).padStart(6, '0')}`;
}
