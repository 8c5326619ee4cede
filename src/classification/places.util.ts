import type { Place } from './classification.types.js';
import { foldAccents } from './text-normalisation.util.js';

/**
 * Places in a message: communes of the organisation's territory (matched without accents or
 * case, with their usual short forms) and road references ("RD 204", "D204", "la départementale
 * 960", "N10", "A11"). Pure functions; the commune list comes from Etalab's
 * @etalab/decoupage-administratif (see `PlacesService`).
 */

/** A line of @etalab/decoupage-administratif's communes.json (the fields used). */
export interface CommuneRecord {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  chefLieu?: string;
}

interface CommuneEntry {
  /** Official name of what was matched (a commune, or a commune déléguée). */
  name: string;
  /** INSEE code of the commune as it is today (a commune déléguée's: its commune nouvelle's). */
  code: string;
  /** A short or common word: only taken when written with a capital, not at the start of a sentence. */
  ambiguous: boolean;
}

export interface CommuneIndex {
  entries: Map<string, CommuneEntry[]>;
  /** First word of a name → the most words a name starting with it has. */
  firstWords: Map<string, number>;
}

/** Common French words and very short names: a commune called so needs a capital to be taken. */
const COMMON_WORDS = new Set(
  (
    'a ai au aux bar bas bois bon bonne belle bourg bu by cas ce ces champ champs chef cours cran dame die digne ' +
    'eu eau en est et fay fins font gare grand grande ham haut haute ile jeu la lac le les lieu loin lons mai mars ' +
    'mer mont monts moulin moulins mur murs nuits orange paris parc pin pins plaine plan pont ponts port prix prise ' +
    'pres puy quai rue sens sept si sort sorts tours us val vars vaux vert verte ville villes voie vue y ' +
    'coron verrie marce mire blou vivy carbay loire sarthe maine layon authion erdre evre aube cher indre vienne ' +
    'marne oise somme seine lot tarn gers ain allier orne eure var landes nord centre ouest est sud ' +
    'beaulieu lande chapelle brain coudray saint sainte notre dame plessis breille romagne possonniere seguiniere ' +
    'pellerine cerqueux rairies ulmes jaille menitre tessoualle toutlemonde'
  ).split(' '),
);
const ARTICLES = new Set(['le', 'la', 'les', 'l']);
const JOINERS = new Set([
  'en',
  'sur',
  'sous',
  'les',
  'les',
  'la',
  'le',
  'de',
  'du',
  'des',
  'd',
  'l',
  'aux',
  'et',
  'lez',
]);

/** "Saint-Lambert-du-Lattay" → "saint lambert du lattay"; "St Lambert" → the same. */
export function placeKey(text: string): string {
  return foldAccents(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word))
    .join(' ');
}

/** The index of the communes (current, délégués and associated) of the given départements. */
export function buildCommuneIndex(records: CommuneRecord[], departements: string[]): CommuneIndex {
  const wanted = new Set(departements);
  const entries = new Map<string, CommuneEntry[]>();
  const current = new Map<string, string>();
  for (const record of records) {
    if (record.type === 'commune-actuelle' && wanted.has(record.departement ?? ''))
      current.set(record.code, record.nom);
  }
  const add = (key: string, entry: CommuneEntry) => {
    if (!key) return;
    const list = entries.get(key) ?? [];
    if (!list.some((other) => other.code === entry.code)) list.push(entry);
    entries.set(key, list);
  };
  const aliases = new Map<string, Set<string>>();
  for (const record of records) {
    if (!wanted.has(record.departement ?? '')) continue;
    let code: string;
    if (record.type === 'commune-actuelle') code = record.code;
    else if (record.type === 'commune-deleguee' || record.type === 'commune-associee')
      code = record.chefLieu ?? record.code;
    else continue;
    if (!current.has(code)) continue;
    const key = placeKey(record.nom);
    const words = key.split(' ');
    add(key, { name: record.nom, code, ambiguous: isAmbiguous(words) });
    // Without its article: "Ponts-de-Cé" for "Les Ponts-de-Cé", "Lion d'Angers" for "Le Lion-d'Angers".
    if (ARTICLES.has(words[0]) && words.length > 1) {
      const rest = words.slice(1);
      add(rest.join(' '), { name: record.nom, code, ambiguous: isAmbiguous(rest) });
    }
    // The head of a compound name: "Longué" for "Longué-Jumelles", "Doué" for "Doué-la-Fontaine".
    const start = ARTICLES.has(words[0]) ? 1 : 0;
    if (
      words.length > start + 1 &&
      words[start] !== 'saint' &&
      words[start] !== 'sainte' &&
      words[start].length >= 4
    ) {
      const head = words.slice(0, start + 1).join(' ');
      const codes = aliases.get(head) ?? new Set<string>();
      codes.add(code);
      aliases.set(head, codes);
      if (!JOINERS.has(words[start + 1]) && words.length === start + 2) {
        // "Souzay-Champigny": both halves are names residents use.
        const tail = words[start + 1];
        if (tail.length >= 4) aliases.set(tail, (aliases.get(tail) ?? new Set()).add(code));
      }
    }
  }
  for (const [alias, codes] of aliases) {
    if (entries.has(alias) || codes.size !== 1) continue;
    const code = [...codes][0];
    add(alias, { name: current.get(code)!, code, ambiguous: isAmbiguous(alias.split(' ')) });
  }
  const firstWords = new Map<string, number>();
  for (const key of entries.keys()) {
    const words = key.split(' ');
    firstWords.set(words[0], Math.max(firstWords.get(words[0]) ?? 0, words.length));
  }
  return { entries, firstWords };
}

function isAmbiguous(words: string[]): boolean {
  if (words.length > 1)
    return words.every((word) => COMMON_WORDS.has(word) || ARTICLES.has(word) || JOINERS.has(word));
  return words[0].length <= 3 || COMMON_WORDS.has(words[0]);
}

interface Token {
  key: string;
  start: number;
  end: number;
  capitalised: boolean;
  sentenceStart: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const before = text.slice(Math.max(0, match.index - 3), match.index);
    const key = placeKey(match[0]);
    if (!key) continue;
    out.push({
      key,
      start: match.index,
      end: match.index + match[0].length,
      capitalised: /^\p{Lu}/u.test(match[0]),
      sentenceStart: out.length === 0 || /[.!?\n]\s*$/.test(before),
    });
  }
  return out;
}

/** Communes of the index named in `text`, longest names first, each once. */
export function findCommunes(text: string, index: CommuneIndex): Place[] {
  const words = tokens(text);
  const places: Place[] = [];
  for (let i = 0; i < words.length;) {
    let matched = 0;
    const longest = index.firstWords.get(words[i].key) ?? 0;
    for (let length = Math.min(longest, words.length - i); length >= 1; length--) {
      const key = words
        .slice(i, i + length)
        .map((word) => word.key)
        .join(' ');
      const candidates = index.entries.get(key);
      if (!candidates || candidates.length !== 1) continue;
      const [entry] = candidates;
      const first = words[i];
      if (entry.ambiguous && (!first.capitalised || first.sentenceStart)) continue;
      places.push({
        kind: 'commune',
        text: text.slice(first.start, words[i + length - 1].end),
        name: entry.name,
        code: entry.code,
      });
      matched = length;
      break;
    }
    i += matched || 1;
  }
  return places;
}

const ROAD_PATTERNS: Array<{ pattern: RegExp; kind: 'RD' | 'RN' | 'A' }> = [
  { pattern: /\b(?:R\.?\s?D\.?|rd)\s?-?\s?(?:n°\s?)?(\d{1,4}[A-Za-z]?)\b/gi, kind: 'RD' },
  { pattern: /\b(?:route\s+)?d[ée]partementale\s+(?:n°\s?|num[ée]ro\s+)?(\d{1,4}[a-z]?)\b/gi, kind: 'RD' },
  { pattern: /(?<![\p{L}\d'’])D\s?-?\s?(\d{1,4}[a-z]?)\b/gu, kind: 'RD' },
  { pattern: /(?<![\p{L}\d'’])d(\d{2,4})\b/gu, kind: 'RD' },
  { pattern: /\b(?:R\.?N\.?|rn)\s?-?\s?(\d{1,4})\b/gi, kind: 'RN' },
  { pattern: /\b(?:route\s+)?nationale\s+(?:n°\s?)?(\d{1,4})\b/gi, kind: 'RN' },
  { pattern: /(?<![\p{L}\d'’])N\s?-?(\d{1,4})\b/gu, kind: 'RN' },
  { pattern: /(?<![\p{L}\d])A\s?(\d{1,3})\b(?=[^\p{L}]|$)/gu, kind: 'A' },
];

/** Road references, normalised as "RD 204", "RN 10", "A 11". */
export function findRoads(text: string): Place[] {
  const found: Array<Place & { start: number; end: number }> = [];
  for (const { pattern, kind } of ROAD_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((place) => start < place.end && end > place.start)) continue;
      if (kind === 'A' && !/autoroute|\bA\d/i.test(text.slice(Math.max(0, start - 12), end))) continue;
      found.push({ kind: 'road', text: match[0], name: `${kind} ${match[1].toUpperCase()}`, start, end });
    }
  }
  return found
    .sort((a, b) => a.start - b.start)
    .map(({ kind, text: written, name }) => ({ kind, text: written, name }));
}

/** Communes and roads of a message and of the post it comments, each place once. */
export function findPlaces(text: string, context: string | undefined, index: CommuneIndex | null): Place[] {
  const places: Place[] = [];
  for (const source of context ? [text, context] : [text]) {
    if (index) places.push(...findCommunes(source, index));
    places.push(...findRoads(source));
  }
  const seen = new Set<string>();
  return places.filter((place) => {
    const key = `${place.kind}:${place.code ?? place.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
