import type { PersonalDataSpan } from './classification.types.js';

/**
 * Finds and masks personal data in residents' messages: French phone numbers, emails, postal
 * addresses, IBANs, social security numbers (NIR) and dates of birth. Used by POST /api/classify
 * (the spans), the opinion summaries and the logs (the masked text). Pure functions; offsets in
 * UTF-16 code units, end exclusive. Errs on the side of masking: a number that looks like a phone
 * number is masked even if nobody answers it.
 */

export type PersonalDataKind = PersonalDataSpan['kind'];

const EMAIL = /[\p{L}0-9._%+-]+@[\p{L}0-9-]+(?:\.[\p{L}0-9-]+)*\.[A-Za-z]{2,}/gu;

/** 0X XX XX XX XX, +33 X XX XX XX XX, +33 (0)X…, 0033…, with spaces, dots or dashes, or none. */
const PHONE = /(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?![\d])/g;

/** Country code, check digits, then groups of letters and digits (spaces allowed every 4). */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gi;

/**
 * NIR: sex (1, 2; 3, 4, 7, 8 for temporary numbers), year, month (01-12, or 20-42 / 50-99 when
 * unknown), département (2 digits, 2A, 2B), commune, order, optional key; spaces allowed.
 */
const NIR =
  /(?<![\d])[1-478][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[ABab])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\d])/g;

const MONTHS =
  'janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec';
const DATE = `(?:\\d{1,2}[\\/.-]\\d{1,2}[\\/.-](?:\\d{4}|\\d{2})|(?:1er|\\d{1,2})\\s+(?:${MONTHS})\\.?\\s+\\d{4})`;
/** A date after a birth cue: "né le 12/03/1985", "née le 3 mars 1950", "date de naissance : …", "DDN". */
const BIRTHDATE = new RegExp(
  `(?:\\bn[ée]e?s?\\s+(?:le\\s+)?|\\bdate\\s+de\\s+naissance\\s*:?\\s*(?:le\\s+)?|\\bddn\\s*:?\\s*|\\bnaissance\\s*:?\\s*(?:le\\s+)?)(${DATE})`,
  'giu',
);

const STREET_TYPES =
  'rue|avenue|av\\.?|bd|boulevard|chemin|ch\\.?|route|rte|impasse|imp\\.?|all[ée]e|place|pl\\.?|quai|cours|square|lotissement|lot\\.?|r[ée]sidence|hameau|chauss[ée]e|voie|sentier|passage|faubourg|fbg|esplanade|cit[ée]|mont[ée]e|ruelle|venelle|parvis|rond-point|promenade|village|domaine|clos|carrefour';
/** "12 rue", "3 bis, avenue": the start of a street address; the name is read word by word after it. */
const STREET_START = new RegExp(
  `\\b\\d{1,4}(?:\\s?(?:bis|ter|quater|[abc])\\b)?,?\\s+(?:${STREET_TYPES})(?=\\s)`,
  'giu',
);
/** "lieu-dit la Grange", "lieudit Les Landes". */
const PLACE_NAMED = /\blieu[\s-]?dit(?=\s)/giu;
/** A postal code (metropolitan or overseas) before a town. */
const POSTCODE = /\b(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{3}(?=\s+\p{L})/gu;

/** Words that end a street or town name when written in lower case. */
const NAME_STOP = new Set(
  (
    'a à au aux et pour depuis il elle je j on est sont qui que qu mais donc car avec chez dans vers pres près ' +
    'devant derriere derrière y ça ca c ce cette ces merci svp bonjour ou où n ne pas tel mail plus tous tout ' +
    'nous vous ils elles avant apres après entre sur sous en mon ma mes son sa ses notre votre leur leurs ' +
    'depuis quand comment pourquoi se s si il ya avez avons ai as a été etait était fait faut'
  ).split(' '),
);
const JOINING = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'lès',
  "l'",
  "d'",
  'l’',
  'd’',
  'sur',
  'sous',
  'en',
  'aux',
  'saint',
  'sainte',
]);
const WORD = /^\s+([\p{L}0-9][\p{L}0-9-]*(?:['’](?:[\p{L}0-9-]+)?)?)/u;

/** Extends a street or place name from `at`, word by word; returns where it ends. */
function readName(text: string, at: number, maxWords: number): number {
  let end = at;
  let words = 0;
  while (words < maxWords) {
    const match = WORD.exec(text.slice(end));
    if (!match) break;
    const word = match[1];
    const lower = word.toLowerCase();
    const capitalised = /^[\p{Lu}0-9]/u.test(word);
    if (!capitalised && NAME_STOP.has(lower) && !JOINING.has(lower)) break;
    if (!capitalised && JOINING.has(lower)) {
      // A joining word belongs to the name only when a name word follows.
      const next = WORD.exec(text.slice(end + match[0].length));
      if (!next || (NAME_STOP.has(next[1].toLowerCase()) && !/^[\p{Lu}]/u.test(next[1]))) break;
    }
    end += match[0].length;
    words++;
  }
  return end;
}

/** A town after a postal code: capitalised words and the joining words between them (or one word). */
function readTown(text: string, at: number): number {
  const first = WORD.exec(text.slice(at));
  if (!first || NAME_STOP.has(first[1].toLowerCase())) return at;
  let end = at + first[0].length;
  for (;;) {
    const match = WORD.exec(text.slice(end));
    if (!match) break;
    if (/^[\p{Lu}]/u.test(match[1])) {
      end += match[0].length;
      continue;
    }
    if (JOINING.has(match[1].toLowerCase())) {
      const next = WORD.exec(text.slice(end + match[0].length));
      if (next && /^[\p{Lu}]/u.test(next[1])) {
        end += match[0].length;
        continue;
      }
    }
    break;
  }
  return end;
}

/** Street addresses ("12 rue des Lilas, 49000 Angers"), named places, postal codes with their town. */
function findAddresses(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const match of text.matchAll(STREET_START)) {
    let end = readName(text, match.index + match[0].length, 6);
    if (end === match.index + match[0].length) continue;
    const postcode = /^,?\s*(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{3}/.exec(text.slice(end));
    if (postcode) end = readTown(text, end + postcode[0].length);
    out.push([match.index, end]);
  }
  for (const match of text.matchAll(PLACE_NAMED)) {
    const end = readName(text, match.index + match[0].length, 4);
    if (end > match.index + match[0].length) out.push([match.index, end]);
  }
  for (const match of text.matchAll(POSTCODE)) {
    const end = readTown(text, match.index + match[0].length);
    if (end > match.index + match[0].length) out.push([match.index, end]);
  }
  return out;
}

/** Spans of personal data in `text`, in order, without overlaps (the longest span wins). */
export function findPersonalData(text: string): PersonalDataSpan[] {
  const found: PersonalDataSpan[] = [];
  const add = (kind: PersonalDataKind, start: number, end: number) => {
    // Trailing spaces and punctuation caught by the patterns are not part of the data.
    while (end > start && /[\s,.;:]/.test(text[end - 1])) end--;
    if (end > start) found.push({ kind, start, end });
  };
  for (const match of text.matchAll(EMAIL)) add('email', match.index, match.index + match[0].length);
  for (const match of text.matchAll(IBAN)) {
    if (validIban(match[0])) add('iban', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(NIR)) {
    if (plausibleNir(match[0])) add('nir', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(PHONE)) add('phone', match.index, match.index + match[0].length);
  for (const match of text.matchAll(BIRTHDATE)) {
    const date = match[1];
    const start = match.index + match[0].length - date.length;
    add('birthdate', start, start + date.length);
  }
  for (const [start, end] of findAddresses(text)) add('address', start, end);
  return resolveOverlaps(found);
}

/** Keeps, among overlapping spans, the earliest then the longest; merges touching addresses. */
function resolveOverlaps(spans: PersonalDataSpan[]): PersonalDataSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PersonalDataSpan[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.start < last.end) {
      if (span.end > last.end && span.kind === last.kind) last.end = span.end;
      else if (span.end - span.start > last.end - last.start && span.kind !== 'address')
        out[out.length - 1] = span;
      continue;
    }
    out.push({ ...span });
  }
  return out;
}

const LABELS: Record<PersonalDataKind, string> = {
  phone: '[téléphone]',
  email: '[e-mail]',
  address: '[adresse]',
  iban: '[IBAN]',
  nir: '[n° de sécurité sociale]',
  birthdate: '[date de naissance]',
};

/** The text with every span of personal data replaced by its kind ("[téléphone]", "[adresse]"…). */
export function maskPersonalData(text: string, spans: PersonalDataSpan[] = findPersonalData(text)): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + LABELS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function validIban(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  if (iban.startsWith('FR') && iban.length !== 27) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * A NIR of 13 digits, or 15 whose key is right (97 minus the number mod 97; Corsica's 2A and 2B
 * count as 19 and 18). A 15-digit number with a wrong key is still masked when its structure
 * holds: residents mistype, and a false mask costs less than a leak.
 */
export function plausibleNir(candidate: string): boolean {
  const compact = candidate.replace(/[\s.]/g, '').toUpperCase();
  if (compact.length !== 13 && compact.length !== 15) return false;
  return true;
}

/** Whether a 15-character NIR's key is right. */
export function nirKeyValid(candidate: string): boolean {
  const compact = candidate.replace(/[\s.]/g, '').toUpperCase();
  if (compact.length !== 15) return false;
  const department = compact.slice(5, 7);
  const body =
    compact.slice(0, 5) +
    (department === '2A' ? '19' : department === '2B' ? '18' : department) +
    compact.slice(7, 13);
  if (!/^\d{13}$/.test(body)) return false;
  const key = Number(compact.slice(13));
  return 97 - Number(BigInt(body) % 97n) === key;
}
