import type { PersonalDataSpan } from './classification.types.js';

const PATTERNS: Array<[PersonalDataSpan['kind'], RegExp]> = [
  ['email', /[\p{L}0-9._%+-]+@[\p{L}0-9-]+(?:\.[\p{L}0-9-]+)*\.[a-z]{2,}/giu],
  ['phone', /(?:\+33\s?|0033\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/g],
];

/** Spans of personal data in a text, in order, without overlaps. */
export function findPersonalData(text: string): PersonalDataSpan[] {
  const spans: PersonalDataSpan[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern))
      spans.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}
