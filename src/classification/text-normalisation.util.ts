/**
 * French normalisation for informal social-media text: what residents write ("jai explosé mon pneu",
 * "PK LE CAR EST TJRS EN RETARD ???", "merciiii 🙏") becomes tokens a linear model can share across
 * spellings. Pure functions, no state.
 */

/** SMS and chat spellings → the words they stand for (after accent folding and lower-casing). */
const SMS: Record<string, string> = {
  bjr: 'bonjour',
  bonjours: 'bonjour',
  bsr: 'bonsoir',
  slt: 'salut',
  cc: 'coucou',
  svp: 's il vous plait',
  stp: 's il te plait',
  svpl: 's il vous plait',
  mrc: 'merci',
  mci: 'merci',
  pk: 'pourquoi',
  pq: 'pourquoi',
  pourkoi: 'pourquoi',
  pkoi: 'pourquoi',
  koi: 'quoi',
  koa: 'quoi',
  qd: 'quand',
  kan: 'quand',
  kand: 'quand',
  ki: 'qui',
  ke: 'que',
  kel: 'quel',
  kelle: 'quelle',
  tjs: 'toujours',
  tjrs: 'toujours',
  tjr: 'toujours',
  bcp: 'beaucoup',
  bcq: 'beaucoup',
  pr: 'pour',
  ds: 'dans',
  dc: 'donc',
  vs: 'vous',
  ns: 'nous',
  tt: 'tout',
  ts: 'tous',
  tte: 'toute',
  ttes: 'toutes',
  tps: 'temps',
  mm: 'meme',
  mtn: 'maintenant',
  mnt: 'maintenant',
  auj: 'aujourd hui',
  ajd: 'aujourd hui',
  aujourdhui: 'aujourd hui',
  dsl: 'desole',
  rdv: 'rendez vous',
  msg: 'message',
  nn: 'non',
  ouai: 'oui',
  ouais: 'oui',
  wi: 'oui',
  jai: 'j ai',
  jsuis: 'je suis',
  chui: 'je suis',
  chuis: 'je suis',
  jsp: 'je sais pas',
  jpp: 'j en peux plus',
  jcrois: 'je crois',
  jpense: 'je pense',
  cest: 'c est',
  ces: 'ces',
  ya: 'il y a',
  yaura: 'il y aura',
  yavait: 'il y avait',
  gt: 'j etais',
  ct: 'c etait',
  sa: 'ca',
  ptn: 'putain',
  pcq: 'parce que',
  pcke: 'parce que',
  psk: 'parce que',
  prcq: 'parce que',
  qqn: 'quelqu un',
  qqch: 'quelque chose',
  qq: 'quelques',
  qlq: 'quelques',
  mr: 'monsieur',
  mme: 'madame',
  mlle: 'mademoiselle',
  infos: 'information',
  info: 'information',
  dep: 'departement',
  departemental: 'departemental',
  ok: 'ok',
  oki: 'ok',
  okay: 'ok',
  pb: 'probleme',
  pbm: 'probleme',
  pblm: 'probleme',
  rep: 'reponse',
  repondu: 'repondu',
  bb: 'bebe',
  mdr: 'mdr',
  lol: 'mdr',
  ptdr: 'mdr',
  xd: 'mdr',
};

/** Common emojis → a word the model can share with text ("😡" and "énervé" both mean anger). */
const EMOJI_WORDS: Record<string, string> = {
  '😡': 'emo_colere',
  '🤬': 'emo_colere',
  '😠': 'emo_colere',
  '👿': 'emo_colere',
  '😤': 'emo_colere',
  '🙄': 'emo_ironie',
  '😒': 'emo_ironie',
  '🤡': 'emo_ironie',
  '😏': 'emo_ironie',
  '🙃': 'emo_ironie',
  '😂': 'emo_rire',
  '🤣': 'emo_rire',
  '😆': 'emo_rire',
  '😅': 'emo_rire',
  '😭': 'emo_triste',
  '😢': 'emo_triste',
  '😞': 'emo_triste',
  '😔': 'emo_triste',
  '😩': 'emo_triste',
  '😫': 'emo_triste',
  '💔': 'emo_triste',
  '👍': 'emo_bien',
  '👏': 'emo_bien',
  '🙏': 'emo_merci',
  '❤': 'emo_coeur',
  '❤️': 'emo_coeur',
  '😍': 'emo_coeur',
  '🥰': 'emo_coeur',
  '💙': 'emo_coeur',
  '💚': 'emo_coeur',
  '😊': 'emo_content',
  '🙂': 'emo_content',
  '😀': 'emo_content',
  '😃': 'emo_content',
  '😁': 'emo_content',
  '🥳': 'emo_content',
  '🎉': 'emo_content',
  '✨': 'emo_content',
  '💪': 'emo_bien',
  '🔥': 'emo_feu',
  '💰': 'emo_argent',
  '💸': 'emo_argent',
  '💵': 'emo_argent',
  '💶': 'emo_argent',
  '🤑': 'emo_argent',
  '📈': 'emo_argent',
  '💎': 'emo_argent',
  '🎁': 'emo_cadeau',
  '👉': 'emo_lien',
  '👇': 'emo_lien',
  '🔗': 'emo_lien',
  '⚠': 'emo_alerte',
  '⚠️': 'emo_alerte',
  '🚨': 'emo_alerte',
  '❗': 'emo_alerte',
  '‼': 'emo_alerte',
};

const URL_PATTERN =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|fr|net|org|info|io|co|me|ly|link|xyz|shop|site|online|top|club|biz|gl|gg|be|eu|app)(?:\/\S*)?/giu;
const EMAIL_PATTERN = /[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[a-z]{2,}/giu;
const MENTION_PATTERN = /(^|[^\p{L}0-9_])@[A-Za-z0-9_]{1,30}/gu;
const PHONE_PATTERN = /(?:\+33\s?|0033\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/g;
const ROAD_PATTERN = /\b(?:r\.?d\.?|d|rn|n)\s?-?\s?(\d{1,4})[a-z]?\b/g;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/** Lower-cases, folds accents (é → e, œ → oe), keeps letters, digits and a few marks. */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/**
 * The text as the models read it: placeholders for links, emails, mentions, phone numbers and road
 * references; accents folded; elongations shortened ("merciiii" → "merci", "!!!!" → "!!"); elisions
 * split ("j'ai" → "j ai"); SMS spellings expanded; emojis kept as words of their own.
 */
export function normaliseText(text: string): string {
  let out = text
    .normalize('NFC')
    .replace(EMAIL_PATTERN, ' xemail ')
    .replace(URL_PATTERN, ' xurl ')
    .replace(MENTION_PATTERN, '$1 xmention ')
    .replace(PHONE_PATTERN, ' xphone ');
  out = foldAccents(out);
  out = out
    .replace(ROAD_PATTERN, (match: string, number: string) =>
      /^(?:rn|n)/.test(match) ? ` xroute rn${number} ` : ` xroute rd${number} `,
    )
    // Elongations: three or more of the same letter become one ("trooop" → "trop").
    .replace(/(\p{L})\1{2,}/gu, '$1')
    // Repeated punctuation keeps its emphasis as a double mark.
    .replace(/([!?])(?:\s*[!?]){2,}/g, ' $1$1 ')
    .replace(/[’'`´ʼ]/g, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

/** Splits a normalised text into tokens: words, numbers, "?"/"!" marks and emoji words. */
export function tokenise(normalised: string): string[] {
  const tokens: string[] = [];
  // Words (letters/digits with inner hyphens), punctuation marks and any other single symbol.
  const pattern = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|[!?]{1,2}|\S/gu;
  for (const match of normalised.matchAll(pattern)) {
    const token = match[0];
    if (/^[\p{L}\p{N}]/u.test(token)) {
      for (const part of token.split('-')) pushWord(tokens, part);
    } else if (token[0] === '!' || token[0] === '?') {
      tokens.push(token);
    } else if (EXTENDED_PICTOGRAPHIC.test(token) || EMOJI_WORDS[token]) {
      tokens.push(EMOJI_WORDS[token] ?? `emo_${token.codePointAt(0)!.toString(16)}`);
    }
  }
  return tokens;
}

function pushWord(tokens: string[], word: string): void {
  if (!word) return;
  const expanded = SMS[word];
  if (expanded) {
    for (const part of expanded.split(' ')) tokens.push(part);
  } else if (/^\d+$/.test(word)) {
    tokens.push(word.length <= 2 ? 'xnum' : word.length === 5 ? 'xcp' : 'xnums');
  } else if (/^\d+h\d*$/.test(word)) {
    tokens.push('xheure');
  } else if (/^\d+(?:e|eme|er|ere)$/.test(word)) {
    tokens.push('xrang');
  } else if (/^\d+(?:e|eur|euro|euros|k)$/.test(word)) {
    tokens.push('xmontant');
  } else {
    tokens.push(word);
  }
}

/** Normalised tokens of a text: the first step of every feature, and the bench's baseline. */
export function normaliseAndTokenise(text: string): string[] {
  return tokenise(normaliseText(text));
}

/** True when a text carries no word at all (only emojis, marks or spaces). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
