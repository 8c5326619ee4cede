import { describe, expect, it } from '@jest/globals';
import {
  foldAccents,
  hasWords,
  normaliseAndTokenise,
  normaliseText,
  tokenise,
} from './text-normalisation.util.js';

describe('foldAccents', () => {
  it('lower-cases and removes accents and ligatures', () => {
    expect(foldAccents('Élève à Brézé, cœur ÇA')).toBe('eleve a breze, coeur ca');
  });
});

describe('normaliseText and tokenise', () => {
  const tokens = (text: string) => normaliseAndTokenise(text);

  it('splits elisions and expands SMS spellings', () => {
    expect(tokens('jai explosé mon pneu')).toEqual(['j', 'ai', 'explose', 'mon', 'pneu']);
    expect(tokens("J'ai explosé mon pneu")).toEqual(['j', 'ai', 'explose', 'mon', 'pneu']);
    expect(tokens('pk le car est tjrs en retard stp')).toEqual([
      'pourquoi',
      'le',
      'car',
      'est',
      'toujours',
      'en',
      'retard',
      's',
      'il',
      'te',
      'plait',
    ]);
    expect(tokens('bjr ya un pb')).toEqual(['bonjour', 'il', 'y', 'a', 'un', 'probleme']);
  });

  it('shortens elongations and keeps emphasis', () => {
    expect(tokens('merciiiii !!!!')).toEqual(['merci', '!!']);
    expect(tokens('trooop nul ???')).toEqual(['trop', 'nul', '??']);
    expect(tokens('ça va ?')).toEqual(['ca', 'va', '?']);
  });

  it('reads all caps like lower case', () => {
    expect(tokens('LE CAR EST EN RETARD')).toEqual(tokens('le car est en retard'));
  });

  it('turns emojis into words, grouping those that mean the same', () => {
    expect(tokens('super 😡🤬')).toEqual(['super', 'emo_colere', 'emo_colere']);
    expect(tokens('piste de ski 🙄')).toEqual(['piste', 'de', 'ski', 'emo_ironie']);
    expect(tokens('🦔')[0]).toMatch(/^emo_/);
  });

  it('replaces links, emails, mentions, phone numbers and roads with placeholders', () => {
    expect(tokens('@CD_ValdOrme voir https://exemple.fr/x ou arnaque.biz')).toEqual([
      'xmention',
      'voir',
      'xurl',
      'ou',
      'xurl',
    ]);
    expect(tokens('écrivez à jean@free.fr ou au 06 12 34 56 78')).toEqual([
      'ecrivez',
      'a',
      'xemail',
      'ou',
      'au',
      'xphone',
    ]);
    expect(tokens('trou sur la D960 et la RN 10')).toEqual([
      'trou',
      'sur',
      'la',
      'xroute',
      'rd960',
      'et',
      'la',
      'xroute',
      'rn10',
    ]);
  });

  it('gives numbers a shape', () => {
    expect(tokens('le car de 7h40 pour les 6e, 49100, 12 élèves, 300€')).toEqual([
      'le',
      'car',
      'de',
      'xheure',
      'pour',
      'les',
      'xrang',
      'xcp',
      'xnum',
      'eleves',
      'xnums',
    ]);
  });

  it('keeps hashtags as words and splits hyphenated words', () => {
    expect(tokens('#nidsdepoule à Saint-Lambert')).toEqual(['nidsdepoule', 'a', 'saint', 'lambert']);
  });

  it('survives empty and odd input', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens('   ')).toEqual([]);
    expect(tokenise(normaliseText('\u0000\u0007'))).toEqual([]);
  });
});

describe('hasWords', () => {
  it('tells texts with letters or digits from emojis and marks', () => {
    expect(hasWords('😡😡')).toBe(false);
    expect(hasWords('?!')).toBe(false);
    expect(hasWords('ok')).toBe(true);
    expect(hasWords('مرحبا')).toBe(true);
  });
});
