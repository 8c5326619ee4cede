import { describe, expect, it } from '@jest/globals';
import { certainSpamPatterns, lexiconSignals } from './lexicons.util.js';
import { normaliseText, tokenise } from './text-normalisation.util.js';

function signals(text: string) {
  const normalised = normaliseText(text);
  return lexiconSignals(normalised, tokenise(normalised));
}

describe('lexiconSignals: toxicity', () => {
  it('finds insults aimed at people', () => {
    const found = signals('vous êtes des guignols, bande d incapables');
    expect(found.insults).toEqual(expect.arrayContaining(['guignols', 'incapables', 'bande d']));
    expect(found.features).toEqual(expect.arrayContaining(['s:insult', 's:insult_targeted']));
  });

  it('treats threats and strong insults as certainly toxic', () => {
    expect(signals('je vais venir vous régler votre compte').certainlyToxic).toBe(true);
    expect(signals('on sait où vous habitez').certainlyToxic).toBe(true);
    expect(signals('ferme ta gueule connard').certainlyToxic).toBe(true);
  });

  it('does not take swearing at nobody or ordinary words for insults', () => {
    expect(signals('putain de nid de poule, ma jante est morte').insults).toEqual([]);
    expect(signals('la route est en sale état').insults).toEqual([]);
    expect(signals('un gros trou sur la D960').insults).toEqual([]);
    expect(signals('merci pour la route toute neuve').certainlyToxic).toBe(false);
  });

  it('counts a weak word when it is aimed', () => {
    expect(signals('espèce de nul').insults.length).toBeGreaterThan(0);
    expect(signals('ce gros con').insults).toContain('con');
  });
});

describe('lexiconSignals: spam', () => {
  it('recognises links, easy money, prizes, private contact and phishing', () => {
    expect(signals('Investissez dans le bitcoin, rendement garanti 👉 crypto.biz').spam).toEqual(
      expect.arrayContaining(['link', 'money']),
    );
    expect(signals('Gagnez un iPhone, tirage au sort dimanche').spam).toContain('prize');
    expect(signals('contactez moi sur WhatsApp').spam).toContain('contact');
    expect(signals('Votre page sera désactivée, vérifiez votre compte ici').spam).toContain('phishing');
  });

  it('finds nothing in an ordinary request', () => {
    expect(signals('Bonjour, le car de 7h40 est passé en avance').spam).toEqual([]);
  });

  it('calls spam certain on phishing, on a link with another pattern, or on three patterns', () => {
    expect(certainSpamPatterns(['phishing'])).toBe(true);
    expect(certainSpamPatterns(['link', 'money'])).toBe(true);
    expect(certainSpamPatterns(['money', 'prize', 'contact'])).toBe(true);
    expect(certainSpamPatterns(['link'])).toBe(false);
    expect(certainSpamPatterns([])).toBe(false);
  });
});
