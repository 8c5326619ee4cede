/**
 * Language of short, informal texts. Non-Latin scripts are recognised by their letters (Arabic
 * first of all); Latin-script languages by a naive Bayes over character 1- to 4-grams (accents kept:
 * "ñ", "ã", "ß", "ı" say a lot) plus each language's function words, with profiles built from
 * built-in sentences for fr/en/es/pt/it/de/nl/tr/ro/wo and from the labelled messages. French is the prior:
 * a text with too little evidence stays French.
 */

// Local bindings: a global `Math` lookup is very slow in some sandboxes (Jest's VM contexts).
const { exp, log, max, min } = Math;

export const LATIN_LANGUAGES = ['fr', 'en', 'es', 'pt', 'it', 'de', 'nl', 'tr', 'ro', 'wo'] as const;

/** Function words: the surest sign of a language in a short text. */
const FUNCTION_WORDS: Record<string, string[]> = {
  fr: [
    'de',
    'en',
    'a',
    'à',
    'un',
    'il',
    'ma',
    'non',
    'ne',
    'me',
    'te',
    'se',
    'sa',
    'son',
    'si',
    'y',
    'par',
    'ou',
    'donc',
    'car',
    'moi',
    'toi',
    'lui',
    'sans',
    'chez',
    'le',
    'la',
    'les',
    'et',
    'est',
    'sont',
    'pas',
    'je',
    'nous',
    'vous',
    'il',
    'elle',
    'on',
    'une',
    'des',
    'du',
    'pour',
    'avec',
    'sur',
    'dans',
    'que',
    'qui',
    'quoi',
    'où',
    'quand',
    'comment',
    'pourquoi',
    'merci',
    'bonjour',
    'mais',
    'aussi',
    'très',
    'ce',
    'cette',
    'ces',
    'mon',
    'ma',
    'mes',
    'notre',
    'votre',
    'ai',
    'au',
    'aux',
    "c'est",
    'ne',
    'plus',
    'rien',
    'depuis',
    'toujours',
    'encore',
    'jai',
    'cest',
    'ya',
    'fait',
    'faut',
    'chez',
    'leur',
    'sont',
    'été',
    'était',
    'avez',
    'avons',
    'peut',
    'tout',
    'tous',
    'même',
    'déjà',
    'bjr',
    'svp',
  ],
  en: [
    'in',
    'on',
    'now',
    'all',
    'new',
    'free',
    'only',
    'before',
    'get',
    'best',
    'no',
    'out',
    'more',
    'than',
    'an',
    'me',
    'us',
    'if',
    'so',
    'but',
    'or',
    'by',
    'up',
    "don't",
    "i've",
    "we're",
    'their',
    'them',
    'he',
    'she',
    'his',
    'her',
    'the',
    'and',
    'is',
    'are',
    'was',
    'were',
    'you',
    'your',
    'of',
    'to',
    'it',
    'this',
    'that',
    'for',
    'with',
    'have',
    'has',
    'not',
    'can',
    'will',
    'be',
    'we',
    'they',
    'what',
    'where',
    'when',
    'how',
    'there',
    'please',
    'thanks',
    'thank',
    'hello',
    'hi',
    'would',
    'could',
    'should',
    'does',
    'do',
    'i',
    'my',
    'our',
    'from',
    'at',
    'about',
    'any',
    'just',
    'very',
    'is',
    "it's",
    "i'm",
    'been',
    'which',
    'who',
    'why',
    'good',
    'great',
    'here',
    'near',
    'open',
    'again',
  ],
  es: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'son',
    'está',
    'están',
    'muy',
    'pero',
    'por',
    'para',
    'con',
    'una',
    'un',
    'qué',
    'cómo',
    'dónde',
    'cuando',
    'cuándo',
    'hay',
    'gracias',
    'hola',
    'buenos',
    'días',
    'mi',
    'nuestro',
    'este',
    'esta',
    'también',
    'porque',
    'del',
    'al',
    'lo',
    'tenemos',
    'puedo',
    'quiero',
    'hasta',
    'desde',
    'nosotros',
    'usted',
    'ustedes',
    'playa',
    'calle',
    'ayuda',
    'pueden',
    'sí',
    'mucho',
    'todo',
  ],
  pt: [
    'o',
    'os',
    'as',
    'é',
    'são',
    'está',
    'estão',
    'muito',
    'mas',
    'por',
    'para',
    'com',
    'uma',
    'um',
    'não',
    'obrigado',
    'obrigada',
    'olá',
    'bom',
    'dia',
    'meu',
    'minha',
    'nós',
    'você',
    'vocês',
    'onde',
    'quando',
    'como',
    'tem',
    'há',
    'do',
    'da',
    'dos',
    'das',
    'em',
    'no',
    'na',
    'isso',
    'também',
    'porque',
    'ao',
    'aos',
    'pela',
    'pelo',
    'ainda',
    'já',
    'sim',
    'posso',
    'gostaria',
    'queria',
    'rua',
    'praia',
    'ônibus',
    'obrigadão',
  ],
  it: [
    'il',
    'lo',
    'gli',
    'è',
    'sono',
    'molto',
    'ma',
    'per',
    'con',
    'una',
    'uno',
    'non',
    'grazie',
    'ciao',
    'buongiorno',
    'dove',
    'quando',
    'come',
    'perché',
    'anche',
    'questo',
    'questa',
    'del',
    'della',
    'dei',
    'nel',
    'nella',
    'ci',
    "c'è",
    'siamo',
    'abbiamo',
    'vorrei',
    'mio',
    'mia',
    'sul',
    'sulla',
    'alla',
    'delle',
    'degli',
    'ancora',
    'sempre',
    'strada',
    'spiaggia',
    'possiamo',
    'tutto',
    'bella',
    'bello',
  ],
  de: [
    'in',
    'über',
    'jetzt',
    'beste',
    'nur',
    'alle',
    'mehr',
    'oder',
    'wenn',
    'dass',
    'mein',
    'meine',
    'kein',
    'keine',
    'der',
    'die',
    'das',
    'und',
    'ist',
    'sind',
    'nicht',
    'ein',
    'eine',
    'ich',
    'wir',
    'sie',
    'es',
    'mit',
    'für',
    'auf',
    'zu',
    'von',
    'den',
    'dem',
    'bitte',
    'danke',
    'hallo',
    'guten',
    'tag',
    'wo',
    'wann',
    'wie',
    'warum',
    'auch',
    'sehr',
    'aber',
    'gibt',
    'haben',
    'kann',
    'unsere',
    'unser',
    'straße',
    'noch',
    'schon',
    'nach',
    'bei',
    'im',
    'ist',
    'wir',
    'hier',
    'schön',
    'vielen',
    'dank',
    'können',
    'möchte',
    'gibt',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'zijn',
    'niet',
    'ik',
    'wij',
    'we',
    'jullie',
    'met',
    'voor',
    'op',
    'naar',
    'van',
    'dank',
    'bedankt',
    'hallo',
    'goedemiddag',
    'goedemorgen',
    'waar',
    'wanneer',
    'hoe',
    'waarom',
    'ook',
    'heel',
    'maar',
    'er',
    'hebben',
    'kan',
    'onze',
    'deze',
    'dit',
    'weg',
    'fiets',
    'nog',
    'al',
    'bij',
    'graag',
    'wel',
    'geen',
    'mooi',
    'kunnen',
    'wordt',
    'gaat',
    'u',
    'uw',
  ],
  tr: [
    've',
    'bir',
    'bu',
    'da',
    'de',
    'çok',
    'ama',
    'için',
    'ile',
    'ne',
    'nerede',
    'zaman',
    'nasıl',
    'neden',
    'teşekkürler',
    'teşekkür',
    'merhaba',
    'günaydın',
    'var',
    'yok',
    'mi',
    'mı',
    'mu',
    'mü',
    'ben',
    'biz',
    'siz',
    'değil',
    'evet',
    'hayır',
    'lütfen',
    'otobüs',
    'yol',
    'ederim',
    'iyi',
    'güzel',
    'burada',
    'şehir',
    'hala',
    'hâlâ',
    'neden',
    'kadar',
    'sonra',
    'önce',
    'olan',
    'olarak',
    'yardım',
  ],
  ro: [
    'spre',
    'poate',
    'dar',
    'sau',
    'trebuie',
    'pe',
    'și',
    'si',
    'este',
    'nu',
    'pentru',
    'din',
    'cu',
    'mea',
    'meu',
    'mele',
    'noastră',
    'nostru',
    'noastre',
    'asta',
    'acest',
    'această',
    'aceasta',
    'foarte',
    'mulțumesc',
    'multumesc',
    'bună',
    'buna',
    'ziua',
    'sunt',
    'avem',
    'aveți',
    'puteți',
    'putem',
    'pot',
    'în',
    'într',
    'unde',
    'când',
    'cum',
    'care',
    'azi',
    'ieri',
    'deloc',
    'există',
    'exista',
    'știți',
    'stiti',
    'vă',
    'mă',
    'să',
    'am',
    'ați',
    'fost',
    'nevoie',
    'lângă',
  ],
  wo: [
    'ci',
    'bi',
    'yi',
    'wi',
    'gi',
    'ñi',
    'dafa',
    'dañu',
    'ñoo',
    'ngi',
    'maa',
    'nañu',
    'lool',
    'jërëjëf',
    'jerejef',
    'ak',
    'sama',
    'sunu',
    'ngir',
    'ndax',
    'kan',
    'naka',
    'lañuy',
    'lañu',
    'laa',
    'moo',
    'nga',
    'ngeen',
    'leen',
    'bu',
    'yu',
    'ay',
    'benn',
    'rekk',
    'tey',
    'dëkk',
    'baax',
    'yàlla',
    'salamalekum',
    'amul',
    'ñëw',
    'xale',
    'ñu',
    'nu',
    'waxtu',
    'koy',
    'dafay',
    'am',
  ],
};

/** Built-in sentences per language, in the register residents and visitors use with a département. */
const BUILT_IN_SAMPLES: Record<string, string[]> = {
  fr: [
    'Bonjour, la route est encore fermée depuis trois jours, quand est-ce que les travaux seront finis ?',
    "Merci pour votre réponse rapide, c'est très gentil de votre part.",
    "Le car scolaire n'est pas passé ce matin, ma fille a raté le collège.",
    "Il y a un énorme trou sur la départementale, faut venir voir avant qu'il y ait un accident.",
    "Je voudrais savoir où en est mon dossier, j'attends depuis des mois.",
  ],
  en: [
    'Hello, is the cycle path along the river open this week? We are coming with our kids.',
    'Thank you for the information, very helpful. Where can we park near the beach?',
    'The bus did not stop at the station this morning, we waited for an hour in the rain.',
    'Hi, we are British residents living here, how do we apply for the school transport pass?',
    'Great festival last weekend, thanks to all the volunteers! Will it happen again next year?',
    'There is a huge pothole on the road near the bridge, someone is going to get hurt.',
    'Is there any English speaking staff who could help my mother with her care application?',
    'Please fix the broken sign at the roundabout, tourists keep getting lost.',
  ],
  es: [
    'Hola, ¿el camino de bicicleta a lo largo del río está abierto? Vamos con los niños.',
    'Muchas gracias por la información, muy amable. ¿Dónde podemos aparcar cerca de la playa?',
    'El autobús no pasó esta mañana y esperamos una hora bajo la lluvia.',
    'Buenos días, somos turistas españoles, ¿hay una oficina de turismo abierta el domingo?',
    'Qué bonito festival, felicidades a todos los voluntarios.',
    'Hay un bache enorme en la carretera cerca del puente, es peligroso.',
  ],
  pt: [
    'Olá, a ciclovia ao longo do rio está aberta esta semana? Vamos com as crianças.',
    'Muito obrigado pela informação. Onde podemos estacionar perto da praia?',
    'O ônibus não passou hoje de manhã, esperamos uma hora na chuva.',
    'Bom dia, sou portuguesa e moro aqui há dez anos, como posso pedir ajuda para a minha mãe?',
    'Que festa linda no fim de semana, parabéns a todos os voluntários!',
    'Há um buraco enorme na estrada perto da ponte, é perigoso.',
  ],
  it: [
    'Ciao, la pista ciclabile lungo il fiume è aperta questa settimana? Veniamo con i bambini.',
    "Grazie mille per l'informazione. Dove possiamo parcheggiare vicino alla spiaggia?",
    "L'autobus non è passato stamattina, abbiamo aspettato un'ora sotto la pioggia.",
    "Buongiorno, siamo turisti italiani, c'è un ufficio del turismo aperto la domenica?",
    'Che bel festival, complimenti a tutti i volontari!',
    "C'è una buca enorme sulla strada vicino al ponte, è pericoloso.",
  ],
  de: [
    'Hallo, ist der Radweg entlang des Flusses diese Woche geöffnet? Wir kommen mit den Kindern.',
    'Vielen Dank für die Information. Wo können wir in der Nähe vom Strand parken?',
    'Der Bus ist heute Morgen nicht gekommen, wir haben eine Stunde im Regen gewartet.',
    'Guten Tag, wir sind deutsche Touristen, gibt es ein Touristenbüro, das am Sonntag geöffnet ist?',
    'Schönes Festival, ein großes Lob an alle Helfer!',
    'Es gibt ein riesiges Schlagloch auf der Straße bei der Brücke, das ist gefährlich.',
  ],
  nl: [
    'Hallo, is het fietspad langs de rivier deze week open? We komen met de kinderen.',
    'Hartelijk dank voor de informatie. Waar kunnen we parkeren bij het strand?',
    'De bus is vanochtend niet gekomen, we hebben een uur in de regen gewacht.',
    'Goedemiddag, wij zijn Nederlandse toeristen, is er een toeristenbureau open op zondag?',
    'Mooi festival, complimenten aan alle vrijwilligers!',
    'Er zit een groot gat in de weg bij de brug, dat is gevaarlijk.',
  ],
  tr: [
    'Merhaba, nehir boyunca bisiklet yolu bu hafta açık mı? Çocuklarla geliyoruz.',
    'Bilgi için çok teşekkürler. Plajın yakınında nereye park edebiliriz?',
    'Otobüs bu sabah gelmedi, yağmurda bir saat bekledik.',
    'İyi günler, annem için bakım yardımı başvurusu nasıl yapılır?',
    'Güzel bir festival, tüm gönüllülere teşekkürler!',
    'Köprünün yanında yolda büyük bir çukur var, çok tehlikeli.',
  ],
  ro: [
    'Bună ziua, pista de biciclete de-a lungul râului este deschisă săptămâna asta? Venim cu copiii.',
    'Vă mulțumesc foarte mult pentru informație. Unde putem parca lângă plajă?',
    'Autobuzul nu a trecut azi dimineață, am așteptat o oră în ploaie.',
    'Bună, mama mea are nevoie de ajutor acasă, cui trebuie să mă adresez?',
    'Ce festival frumos, felicitări tuturor voluntarilor!',
    'Este o groapă mare pe drum lângă pod, e periculos.',
  ],
  wo: [
    'Salamalekum, yoon wi ci wetu dex bi ubbeeku na ci ayu-bés bii? Ñu ngi ñëw ak xale yi.',
    'Jërëjëf lool ci xibaar bi. Fan lañu mën a taxawal auto bi ci wetu géej gi?',
    'Bus bi ñëwul tey suba, nu xaar benn waxtu ci taw bi.',
    'Sama yaay dafa soxla ndimbal ci kër gi, kan laa wara laaj?',
    'Festival bi neex na lool, jërëjëf ñépp ñi ko def!',
    'Am na benn pax bu mag ci yoon wi ci wetu pont bi, dafa am musiba.',
  ],
};

/** Unicode blocks of the non-Latin scripts recognised by their letters alone. */
const NON_LATIN_SCRIPTS: Array<[string, Array<[number, number]>]> = [
  [
    'ar',
    [
      [0x0600, 0x06ff],
      [0x0750, 0x077f],
      [0x08a0, 0x08ff],
      [0xfb50, 0xfdff],
      [0xfe70, 0xfeff],
    ],
  ],
  ['ru', [[0x0400, 0x04ff]]],
  ['el', [[0x0370, 0x03ff]]],
  ['he', [[0x0590, 0x05ff]]],
  [
    'zh',
    [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
    ],
  ],
  ['ja', [[0x3040, 0x30ff]]],
  [
    'ko',
    [
      [0x1100, 0x11ff],
      [0xac00, 0xd7af],
    ],
  ],
  ['hi', [[0x0900, 0x097f]]],
];

/** Letters of the text (Latin and the scripts above), and how many belong to each script. */
function scriptCounts(text: string): { letters: number; scripts: number[] } {
  const scripts = NON_LATIN_SCRIPTS.map(() => 0);
  let letters = 0;
  for (let i = 0; i < text.length && i < MAX_CHARACTERS; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
      letters++;
    } else if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) {
      letters++;
    } else if (code >= 0x370) {
      for (let s = 0; s < NON_LATIN_SCRIPTS.length; s++) {
        if (NON_LATIN_SCRIPTS[s][1].some(([from, to]) => code >= from && code <= to)) {
          scripts[s]++;
          letters++;
          break;
        }
      }
    }
  }
  return { letters, scripts };
}

export interface LanguageProfiles {
  languages: string[];
  /** Per language: n-gram → log probability. */
  grams: Record<string, Record<string, number>>;
  /** Per language: log probability of an unseen n-gram. */
  unseen: Record<string, number>;
}

export interface LanguageGuess {
  code: string;
  confidence: number;
}

/** Lower case, accents kept, without links, mentions, hashtags' #, digits and symbols. */
function languageText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
    .replace(/\S+\.[a-z]{2,6}(?:\/\S*)?(?=\s|$)/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[’`´]/g, "'")
    .replace(/[^\p{L}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Enough of a text to tell its language; a long paste costs no more than this. */
const MAX_CHARACTERS = 800;

/** Profiles as maps (faster than objects of thousands of keys), made once per profiles object. */
const TABLES = new WeakMap<LanguageProfiles, Map<string, number>[]>();

function tables(profiles: LanguageProfiles): Map<string, number>[] {
  let found = TABLES.get(profiles);
  if (!found) {
    found = profiles.languages.map((language) => new Map(Object.entries(profiles.grams[language])));
    TABLES.set(profiles, found);
  }
  return found;
}

function grams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    if (!word) continue;
    const padded = ` ${word} `;
    for (let size = 1; size <= 4; size++) {
      for (let i = 0; i + size <= padded.length; i++) {
        const gram = padded.slice(i, i + size);
        if (gram !== ' ') out.push(gram);
      }
    }
  }
  return out;
}

/** Profiles from the built-in sentences plus labelled texts (`language` as ISO 639-1). */
export function trainLanguageProfiles(texts: Array<{ text: string; language: string }>): LanguageProfiles {
  const counts: Record<string, Map<string, number>> = {};
  const add = (language: string, text: string, weight: number) => {
    if (!(LATIN_LANGUAGES as readonly string[]).includes(language)) return;
    const map = (counts[language] ??= new Map());
    for (const gram of grams(languageText(text))) map.set(gram, (map.get(gram) ?? 0) + weight);
  };
  for (const [language, samples] of Object.entries(BUILT_IN_SAMPLES)) {
    for (const sample of samples) add(language, sample, 3);
  }
  for (const { text, language } of texts) add(language, text, 1);
  const profiles: LanguageProfiles = { languages: [], grams: {}, unseen: {} };
  for (const language of LATIN_LANGUAGES) {
    const map = counts[language];
    if (!map) continue;
    // Keep the most frequent n-grams: enough to tell languages apart, small to store.
    const kept = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6000);
    const total = kept.reduce((sum, [, count]) => sum + count, 0);
    const alpha = 0.5;
    const denominator = total + alpha * (kept.length + 1000);
    const table: Record<string, number> = {};
    for (const [gram, count] of kept) table[gram] = log((count + alpha) / denominator);
    profiles.languages.push(language);
    profiles.grams[language] = table;
    profiles.unseen[language] = log(alpha / denominator);
  }
  return profiles;
}

/** A word French also uses counts for French only ("de", "en" are Dutch too, "il" Italian too). */
const FUNCTION_WORD_SETS = Object.fromEntries(
  Object.entries(FUNCTION_WORDS).map(([language, words]) => [
    language,
    new Set(language === 'fr' ? words : words.filter((word) => !FUNCTION_WORDS.fr.includes(word))),
  ]),
);

/** Guess of the language of `text`; French when there is too little to tell. */
export function detectLanguage(text: string, profiles: LanguageProfiles): LanguageGuess {
  const { letters, scripts } = scriptCounts(text.replace(/@\w+|https?:\/\/\S+/g, ''));
  if (letters === 0) return { code: 'fr', confidence: 0.5 };
  for (let s = 0; s < NON_LATIN_SCRIPTS.length; s++) {
    const share = scripts[s] / letters;
    if (share >= 0.3) return { code: NON_LATIN_SCRIPTS[s][0], confidence: min(0.99, 0.6 + share / 2.5) };
  }
  const cleaned = languageText(text.length > MAX_CHARACTERS ? text.slice(0, MAX_CHARACTERS) : text);
  const words = cleaned.split(' ').filter(Boolean);
  const french = profiles.languages.indexOf('fr');
  // Another language needs words of its own (brand names and hashtags in a French text are not
  // Dutch): count them first, and only weigh the n-grams of the languages that have some.
  const hits = profiles.languages.map((language) => {
    const set = FUNCTION_WORD_SETS[language];
    let count = 0;
    for (const word of words) if (set?.has(word)) count++;
    return count;
  });
  const candidates = profiles.languages
    .map((_, index) => index)
    .filter((index) => index === french || hits[index] > 0);
  if (french >= 0 && candidates.length === 1)
    return { code: 'fr', confidence: hits[french] >= 2 ? 0.95 : 0.7 };
  const textGrams = grams(cleaned);
  const maps = tables(profiles);
  const scores = candidates.map((index) => {
    const language = profiles.languages[index];
    const table = maps[index];
    const unseen = profiles.unseen[language];
    let logLikelihood = 0;
    for (const gram of textGrams) logLikelihood += table.get(gram) ?? unseen;
    // Per-gram likelihood keeps long texts from overwhelming the word evidence; French is the prior.
    return (
      ((logLikelihood / max(textGrams.length, 1)) * min(textGrams.length, 60)) / 6 +
      hits[index] * 1.2 +
      (language === 'fr' ? 2.5 : 0)
    );
  });
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  let sum = 0;
  for (const score of scores) sum += exp(score - scores[best]);
  return { code: profiles.languages[candidates[best]] ?? 'fr', confidence: 1 / sum };
}
