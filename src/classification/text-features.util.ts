import { departmentTermCounts } from './department-lexicon.util.js';
import { lexiconSignals, type Signals } from './lexicons.util.js';
import { normaliseText, tokenise } from './text-normalisation.util.js';

// Local bindings: a global `Math` lookup is very slow in some sandboxes (Jest's VM contexts).
const { imul, log1p, min, sqrt } = Math;

/**
 * Features of a message for the linear models, with the hashing trick: every feature name is hashed
 * (FNV-1a, 32 bits) into one of 2^HASH_BITS buckets, so no vocabulary is stored and an unseen word
 * costs nothing. Groups: word unigrams and bigrams, character 3- to 5-grams inside words (robust to
 * typos and missing accents), the commented post's words when the message is short, and lexicon
 * signals. Each group is L2-normalised on its own, then weighted.
 */
export const HASH_BITS = 22;
const MASK = (1 << HASH_BITS) - 1;

/** Weight of each feature group (its L2 norm in the vector). */
export const FEATURE_WEIGHTS = {
  word: 1,
  char: 1,
  /** The commented post's words (the authority's post: what the comment is about). */
  context: 1,
  /** The post lends its words to messages under this many words (all of them, by default). */
  shortMessageWords: 1000,
  signal: 0.6,
  topic: 0.6,
  charMin: 3,
  charMax: 5,
};

export interface SparseVector {
  /** Hash buckets, distinct. */
  indices: Uint32Array;
  values: Float32Array;
}

export interface FeatureInput {
  text: string;
  context?: string;
  platform?: string;
}

export interface MessageFeatures {
  vector: SparseVector;
  tokens: string[];
  normalised: string;
  signals: Signals;
}

/** Hashes `text` (optionally a slice of it) with a seed that separates feature groups. */
export function hashString(text: string, seed: number, start = 0, end = text.length): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Stable bucket of a named feature (used for explanations and lexicon signals). */
export function featureBucket(name: string, seed = 7): number {
  return hashString(name, seed) & MASK;
}

const SEED_WORD = 1;
const SEED_BIGRAM = 2;
const SEED_CHAR = 3;
const SEED_SIGNAL = 7;

/** Word features of tokens into `into` (bucket → raw count). */
function addWordFeatures(tokens: string[], into: Map<number, number>): void {
  let previous = 0x9e3779b9;
  for (const token of tokens) {
    const word = hashString(token, SEED_WORD);
    add(into, word & MASK, 1);
    add(into, (imul(previous ^ word, 0x85ebca6b) ^ SEED_BIGRAM) & MASK, 1);
    previous = word;
  }
}

function addCharFeatures(tokens: string[], into: Map<number, number>): void {
  for (const token of tokens) {
    if (token.length < 2 || PLACEHOLDERS.has(token) || token.startsWith('emo_') || !/^[a-z0-9]/.test(token)) {
      continue;
    }
    const padded = `<${token}>`;
    const n = padded.length;
    for (let size = FEATURE_WEIGHTS.charMin; size <= FEATURE_WEIGHTS.charMax; size++) {
      for (let i = 0; i + size <= n; i++)
        add(into, hashString(padded, SEED_CHAR + size * 16, i, i + size) & MASK, 1);
    }
  }
}

const PLACEHOLDERS = new Set([
  'xurl',
  'xemail',
  'xmention',
  'xphone',
  'xroute',
  'xnum',
  'xnums',
  'xcp',
  'xheure',
  'xrang',
  'xmontant',
]);

function add(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Adds a group, log-scaled and L2-normalised to `weight`, into `out`. */
function mergeGroup(group: Map<number, number>, weight: number, out: Map<number, number>): void {
  let norm = 0;
  for (const value of group.values()) {
    const scaled = log1p(value);
    norm += scaled * scaled;
  }
  if (norm === 0) return;
  const factor = weight / sqrt(norm);
  for (const [key, value] of group) add(out, key, log1p(value) * factor);
}

/** Every feature of one message. */
export function messageFeatures(input: FeatureInput): MessageFeatures {
  const normalised = normaliseText(input.text);
  const tokens = tokenise(normalised);
  const signals = lexiconSignals(normalised, tokens);
  const out = new Map<number, number>();

  const words = new Map<number, number>();
  addWordFeatures(tokens, words);
  mergeGroup(words, FEATURE_WEIGHTS.word, out);
  const chars = new Map<number, number>();
  addCharFeatures(tokens, chars);
  mergeGroup(chars, FEATURE_WEIGHTS.char, out);

  const wordCount = tokens.filter((token) => /^[a-z0-9]/.test(token)).length;
  let contextTokens: string[] = [];
  if (input.context && wordCount < FEATURE_WEIGHTS.shortMessageWords) {
    contextTokens = tokenise(normaliseText(input.context));
    const context = new Map<number, number>();
    addWordFeatures(contextTokens, context);
    addCharFeatures(contextTokens, context);
    mergeGroup(context, FEATURE_WEIGHTS.context, out);
  }

  const extra = [...signals.features];
  extra.push(`s:platform_${input.platform ?? 'unknown'}`);
  extra.push(`s:length_${lengthBucket(wordCount)}`);
  if (tokens.includes('?') || tokens.includes('??')) extra.push('s:question');
  if (input.context) extra.push('s:has_context');
  if (isShouting(input.text)) extra.push('s:caps');
  for (const name of extra) add(out, featureBucket(name, SEED_SIGNAL), FEATURE_WEIGHTS.signal);
  if (FEATURE_WEIGHTS.topic > 0) {
    for (const [department, count] of departmentTermCounts(tokens.concat(contextTokens))) {
      add(out, featureBucket(`s:topic_${department}`, SEED_SIGNAL), FEATURE_WEIGHTS.topic * min(count, 3));
    }
  }
  // A constant feature: the models' intercept lives in their bias, this only helps empty messages.
  add(out, featureBucket('s:bias', SEED_SIGNAL), 0.1);

  const indices = new Uint32Array(out.size);
  const values = new Float32Array(out.size);
  let i = 0;
  for (const [key, value] of out) {
    indices[i] = key;
    values[i] = value;
    i++;
  }
  return { vector: { indices, values }, tokens, normalised, signals };
}

function lengthBucket(words: number): string {
  if (words <= 3) return 'tiny';
  if (words <= 10) return 'short';
  if (words <= 40) return 'medium';
  return 'long';
}

function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.7;
}

/** Buckets of the word unigrams of tokens, with the token each came from: explanations read these. */
export function wordBuckets(tokens: string[]): Map<number, string> {
  const buckets = new Map<number, string>();
  for (const token of tokens) buckets.set(hashString(token, SEED_WORD) & MASK, token);
  return buckets;
}
