import { beforeAll, describe, expect, it } from '@jest/globals';
import { detectLanguage, trainLanguageProfiles, type LanguageProfiles } from './language.util.js';

describe('detectLanguage', () => {
  let profiles: LanguageProfiles;
  beforeAll(() => {
    // The built-in profiles alone (the service adds the labelled messages).
    profiles = trainLanguageProfiles([]);
  });

  it.each([
    ['fr', 'gros nid de poule route de brézé jai explosé mon pneu'],
    ['fr', 'le bus scolaire de 7h40 est passé en avance ma fille la raté'],
    ['fr', 'mon père attend sa PCH depuis l été !!!'],
    ['fr', 'merci 🙏'],
    ['fr', 'la route est nue, pas un arbre, rien à voir ni à faire'],
    ['fr', 'Vends compte Netflix Premium 20€ paiement PayPal 👉 netflix-promo.shop'],
    ['en', 'Hello, is the cycle path open this week? We are coming with the kids'],
    ['en', 'thanks for the quick answer, very helpful'],
    ['es', '¿Hay una oficina de turismo abierta el domingo? Gracias'],
    ['pt', 'Olá, onde podemos estacionar perto da praia? Obrigado'],
    ['it', 'Ciao, la pista ciclabile è aperta? Grazie mille'],
    ['de', 'Guten Tag, wo können wir in der Nähe parken? Vielen Dank'],
    ['nl', 'Hallo, is het fietspad langs de rivier open? Bedankt'],
    ['tr', 'Merhaba, otobüs bu sabah gelmedi, neden?'],
    ['ro', 'Bună ziua, unde pot găsi formularul pentru ajutor? Mulțumesc'],
    ['ro', 'Drumul spre sat e plin de gropi, nu se poate trece'],
    ['wo', 'Jërëjëf lool ci ndimbal bi, yàlla na leen yàlla fey'],
    ['wo', 'Sama doom dafa bëgg dugg ci collège bi, naka lañuy inscrire ?'],
    ['ar', 'مرحبا، متى يمر الحافلة المدرسية؟'],
    ['ru', 'Здравствуйте, когда откроется дорога?'],
  ])('recognises %s in %j', (language, text) => {
    expect(detectLanguage(text, profiles).code).toBe(language);
  });

  it('keeps French when there is nothing to go on', () => {
    expect(detectLanguage('', profiles).code).toBe('fr');
    expect(detectLanguage('😡😡', profiles).code).toBe('fr');
    expect(detectLanguage('@CD_ValdOrme https://t.co/xyz', profiles).code).toBe('fr');
    expect(detectLanguage('AMEN 🙏', profiles).code).toBe('fr');
  });

  it('gives a confidence between 0 and 1', () => {
    const guess = detectLanguage('Hello, thank you very much for the information', profiles);
    expect(guess.confidence).toBeGreaterThan(0.5);
    expect(guess.confidence).toBeLessThanOrEqual(1);
  });

  it('learns from labelled texts', () => {
    const learnt = trainLanguageProfiles([
      { text: 'Dank je wel voor de snelle reactie, heel fijn', language: 'nl' },
    ]);
    expect(learnt.languages).toEqual(expect.arrayContaining(['fr', 'en', 'nl', 'tr']));
  });
});
