/**
 * Maintained lexicons and patterns for toxicity and spam. They work on the normalised text
 * (accents folded, lower case, placeholders such as `xurl`), and feed the models as features; the
 * strongest ones (threats, phishing) also decide on their own. Add words here as moderators meet
 * them: each entry is a whole word or phrase of the normalised text.
 */

/** Insults aimed at a person or a group (agents, elected officials, the CM, other residents). */
const INSULTS = [
  'con',
  'cons',
  'connard',
  'connards',
  'connasse',
  'connasses',
  'conne',
  'abruti',
  'abrutis',
  'abrutie',
  'abruties',
  'idiot',
  'idiots',
  'idiote',
  'imbecile',
  'imbeciles',
  'cretin',
  'cretins',
  'cretine',
  'debile',
  'debiles',
  'incapable',
  'incapables',
  'guignol',
  'guignols',
  'naze',
  'nazes',
  'nase',
  'nases',
  'bouffon',
  'bouffons',
  'clown',
  'clowns',
  'escroc',
  'escrocs',
  'voleur',
  'voleurs',
  'voleuse',
  'menteur',
  'menteurs',
  'menteuse',
  'encule',
  'encules',
  'enfoire',
  'enfoires',
  'salaud',
  'salauds',
  'salope',
  'salopes',
  'pute',
  'putes',
  'batard',
  'batards',
  'fdp',
  'ntm',
  'glandeur',
  'glandeurs',
  'feignasse',
  'feignasses',
  'feignant',
  'feignants',
  'faineant',
  'faineants',
  'parasite',
  'parasites',
  'sangsue',
  'sangsues',
  'branleur',
  'branleurs',
  'minable',
  'minables',
  'charlot',
  'charlots',
  'tocard',
  'tocards',
  'ordure',
  'ordures',
  'raclure',
  'raclures',
  'vermine',
  'pignouf',
  'pignoufs',
  'ignare',
  'ignares',
  'irresponsable',
  'irresponsables',
  'incompetent',
  'incompetents',
  'incompetente',
  'nul',
  'nuls',
  'nulle',
  'pourri',
  'pourris',
  'pourriture',
  'pourritures',
  'guignolade',
  'cassos',
  'boulet',
  'boulets',
  'demeure',
  'demeures',
  'mongol',
  'gogol',
  'gogols',
  'attarde',
  'attardes',
  'larbin',
  'larbins',
  'vendu',
  'vendus',
  'truand',
  'truands',
  'mafieux',
  'racaille',
  'racailles',
  'bourge',
  'carne',
  'manche',
  'sous-fifre',
  'planque',
  'planques',
  'blaireau',
  'blaireaux',
  'beauf',
  'beaufs',
  'grognasse',
  'pouffiasse',
  'tarlouze',
  'pd',
  'bougnoule',
  'bicot',
  'negre',
  'youpin',
  'chintok',
  'gitan',
  'romano',
  'romanos',
  'fils de pute',
  'ta gueule',
  'ferme la',
  'fermez la',
  'va te faire',
  'allez vous faire',
  'vous faire foutre',
  'bande de',
  'bande d',
  'espece d',
  'espece de',
  'tous des',
  'sale',
  'sales',
  'gros',
  'grosse',
];

/** Words that make an insult certainly aimed at someone when they come just before it. */
const TARGETING = new Set([
  'bande',
  'espece',
  'tous',
  'toutes',
  'des',
  'ces',
  'ce',
  'cette',
  'quel',
  'quelle',
  'quels',
  'sale',
  'sales',
  'gros',
  'grosse',
  'vieux',
  'vieille',
  'petit',
  'petite',
  'vous',
  'tu',
  't',
  'es',
  'etes',
]);

/** Insults strong enough that their presence makes a message toxic whatever the rest says. */
const STRONG_INSULTS = new Set([
  'connard',
  'connards',
  'connasse',
  'connasses',
  'encule',
  'encules',
  'enfoire',
  'enfoires',
  'salope',
  'salopes',
  'pute',
  'putes',
  'batard',
  'batards',
  'fdp',
  'ntm',
  'raclure',
  'raclures',
  'pouffiasse',
  'grognasse',
  'tarlouze',
  'bougnoule',
  'bicot',
  'negre',
  'youpin',
  'chintok',
  'fils de pute',
  'ta gueule',
  'allez vous faire',
  'vous faire foutre',
]);

const THREATS: RegExp[] = [
  /\b(?:je|j|on|nous) (?:vais|va|allons|vas) (?:te|vous|le|la|les|lui|leur) (?:tuer|buter|defoncer|cramer|regler|casser|crever|retrouver|saigner|egorger|planter|fumer|exploser|niquer)\b/,
  /\b(?:je|on) (?:vais|va) (?:venir|passer) (?:te|vous|le|la|les) (?:regler|chercher|voir)\b/,
  /\bregler (?:votre|ton|son|leur) compte\b/,
  /\bfaire la peau\b/,
  /\bon sait ou (?:tu|vous|il|elle|ils) (?:habite|habitez|habitent|vit|vivez)\b/,
  /\b(?:vous|tu) (?:allez|vas|va) (?:le|la) payer\b/,
  /\bqu on (?:les|le|la) (?:pende|pendent|fusille|brule|bute|tue)\b/,
  /\ba la lanterne\b/,
  /\b(?:mettre|foutre) le feu (?:a|au|chez) (?:vos|votre|ton|ta|leur|la mairie|l hotel|vos bureaux)\b/,
  /\bcrever (?:la|ces|cette)\b/,
  /\b(?:une balle|un coup de fusil|des baffes|une baffe|ma main dans la gueule|des claques)\b/,
  /\bje (?:vais|vai) (?:les|vous|te) (?:attendre|retrouver) (?:a la sortie|devant|chez)\b/,
];

const SPAM_PATTERNS: Array<[string, RegExp]> = [
  ['link', /\bxurl\b/],
  [
    'money',
    /\b(?:crypto|cryptos|bitcoin|btc|ethereum|forex|trading|trader|investissement|investir|investissez|rendement|rendements|placement|capital garanti|gains?|revenus? (?:illimites?|passifs?|garantis?)|argent facile|double[rz]? (?:votre|ton) argent|par semaine garanti|transformer \d*)\b/,
  ],
  [
    'prize',
    /\b(?:gagne[rz]?|gagnant|gagnante|concours|tirage au sort|giveaway|cadeau offert|bon d achat|carte cadeau|iphone|remporte[rz]?|felicitations vous avez)\b/,
  ],
  [
    'contact',
    /\b(?:whatsapp|telegram|inbox|en prive|en mp|mp moi|contactez moi|ecrivez moi|demandez l acces|lien en bio|dm moi|snap)\b/,
  ],
  [
    'phishing',
    /\b(?:(?:page|compte) (?:sera|va etre) (?:desactivee?|supprimee?|suspendue?|bloquee?)|verifie[rz]? (?:votre|ton) compte|meta (?:support|security)|facebook (?:security|support|protect)|violation (?:des|de nos) (?:droits|standards|regles)|colis (?:est )?en attente|confirme[rz]? (?:l adresse|vos coordonnees|votre identite))\b/,
  ],
  [
    'promotion',
    /\b(?:abonne[rz]? vous|abonnez vous|ma chaine|mon live|follow|followers|abonnes (?:reels|francais)|promo|code promo|livraison gratuite|prix (?:reduit|casse)|soldes|- ?\d+ ?%|seulement \d+|commandez|achetez|vends|vente de)\b/,
  ],
  [
    'dating',
    /\b(?:celibataire|celibataires|rencontre coquine|sexy|photos? (?:privees?|de moi)|video de toi|c est (?:vraiment )?toi)\b/,
  ],
  [
    'job_scam',
    /\b(?:travail a domicile|mise sous pli|recrutement urgent|sans experience|revenus? complementaires?|devenez (?:vendeur|vendeuse|ambassadeur|ambassadrice|partenaire))\b/,
  ],
];

export interface Signals {
  /** Feature names for the models (`s:insult`, `s:spam_link`...). */
  features: string[];
  /** A threat or a strong insult: toxic whatever the model says. */
  certainlyToxic: boolean;
  /** Insult words found (for the explanation). */
  insults: string[];
  /** Spam pattern names matched. */
  spam: string[];
}

const INSULT_PHRASES = INSULTS.filter((entry) => entry.includes(' ')).map((phrase) => phrase.split(' '));
const INSULT_WORDS = new Set(INSULTS.filter((entry) => !entry.includes(' ')));
/** Words that are insults only when aimed ("sale", "gros", "nul"): never counted on their own. */
const WEAK_ALONE = new Set([
  'sale',
  'sales',
  'gros',
  'grosse',
  'nul',
  'nuls',
  'nulle',
  'pourri',
  'pourris',
  'manche',
  'planque',
  'planques',
  'carne',
  'vendu',
  'vendus',
  'cons',
  'con',
  'demeure',
  'demeures',
  'boulet',
  'boulets',
  'gitan',
]);

/** Lexicon and pattern signals of a normalised text (see `normaliseText`) and its tokens. */
export function lexiconSignals(normalised: string, tokens: string[]): Signals {
  const features: string[] = [];
  const insults: string[] = [];
  let strong = false;
  let targeted = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!INSULT_WORDS.has(token)) continue;
    const before = tokens[i - 1];
    const aimed = before !== undefined && TARGETING.has(before);
    if (WEAK_ALONE.has(token) && !aimed) continue;
    insults.push(token);
    if (STRONG_INSULTS.has(token)) strong = true;
    if (aimed) targeted = true;
  }
  for (const phrase of INSULT_PHRASES) {
    if (containsPhrase(tokens, phrase)) {
      const text = phrase.join(' ');
      insults.push(text);
      if (STRONG_INSULTS.has(text)) strong = true;
      if (phrase[0] === 'bande' || phrase[0] === 'espece' || phrase[0] === 'tous') targeted = true;
    }
  }
  const threat = THREATS.some((pattern) => pattern.test(normalised));
  if (insults.length) features.push('s:insult');
  if (insults.length > 1) features.push('s:insult2');
  if (targeted) features.push('s:insult_targeted');
  if (strong) features.push('s:insult_strong');
  if (threat) features.push('s:threat');
  const spam: string[] = [];
  for (const [name, pattern] of SPAM_PATTERNS) {
    if (pattern.test(normalised)) {
      spam.push(name);
      features.push(`s:spam_${name}`);
    }
  }
  if (spam.length > 1) features.push('s:spam_many');
  return { features, certainlyToxic: threat || strong, insults, spam };
}

function containsPhrase(tokens: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** Patterns that make spam certain on their own when the model agrees (phishing, scams with a link). */
export function certainSpamPatterns(spam: string[]): boolean {
  return spam.includes('phishing') || (spam.includes('link') && spam.length >= 2) || spam.length >= 3;
}
