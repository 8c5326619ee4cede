import { describe, expect, it } from '@jest/globals';
import { findPersonalData, maskPersonalData, nirKeyValid, validIban } from './personal-data.util.js';

/** The kinds and the texts of the spans found. */
function found(text: string): Array<[string, string]> {
  return findPersonalData(text).map((span) => [span.kind, text.slice(span.start, span.end)]);
}

describe('findPersonalData: phone numbers', () => {
  it.each([
    ['appelez moi au 06 12 34 56 78 svp', '06 12 34 56 78'],
    ['mon num 0612345678', '0612345678'],
    ['tel: 02.41.81.49.49', '02.41.81.49.49'],
    ['joignable au 07-81-22-33-44 le soir', '07-81-22-33-44'],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['+33612345678 ou mail', '+33612345678'],
    ['0033 6 12 34 56 78', '0033 6 12 34 56 78'],
    ['+33 (0)6 12 34 56 78', '+33 (0)6 12 34 56 78'],
  ])('finds the number in %j', (text, number) => {
    expect(found(text)).toEqual([['phone', number]]);
  });

  it.each([
    ['le car de 7h40 ligne 12 a 25 minutes de retard'],
    ['dossier n° 2024-000123 toujours en attente'],
    ['la D960 entre Doué et Vihiers'],
    ['123456789012345678901234'],
    ['00 12 34 56 78'],
  ])('finds no phone number in %j', (text) => {
    expect(found(text).filter(([kind]) => kind === 'phone')).toEqual([]);
  });
});

describe('findPersonalData: emails', () => {
  it('finds addresses, with accents, dots and plus signs', () => {
    expect(found('écrivez à jean.dupont+cd49@orange.fr ou à hélène@free.fr.')).toEqual([
      ['email', 'jean.dupont+cd49@orange.fr'],
      ['email', 'hélène@free.fr'],
    ]);
  });

  it('does not take an X mention for an email', () => {
    expect(found('@CD_ValdOrme vous répondez quand ?')).toEqual([]);
  });
});

describe('findPersonalData: IBAN', () => {
  it('finds a valid French IBAN written in groups of four', () => {
    expect(found('mon RIB FR76 3000 6000 0112 3456 7890 189 pour le virement')).toEqual([
      ['iban', 'FR76 3000 6000 0112 3456 7890 189'],
    ]);
  });

  it('finds a compact one and a foreign one', () => {
    expect(found('FR7630006000011234567890189')).toEqual([['iban', 'FR7630006000011234567890189']]);
    expect(found('IBAN DE89 3704 0044 0532 0130 00')).toEqual([['iban', 'DE89 3704 0044 0532 0130 00']]);
  });

  it('ignores what fails the checksum', () => {
    expect(validIban('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
    expect(found('FR76 3000 6000 0112 3456 7890 188').filter(([kind]) => kind === 'iban')).toEqual([]);
  });
});

describe('findPersonalData: social security numbers', () => {
  it('finds a NIR with or without spaces', () => {
    expect(found('mon numéro de sécu 1 85 05 49 123 456 78 merci')).toEqual([
      ['nir', '1 85 05 49 123 456 78'],
    ]);
    expect(found('NIR 285054912345678')).toEqual([['nir', '285054912345678']]);
  });

  it('finds a Corsican one and one without its key', () => {
    expect(found('n° 1 85 05 2A 123 456 12')).toEqual([['nir', '1 85 05 2A 123 456 12']]);
    expect(found('sécu 1850549123456')).toEqual([['nir', '1850549123456']]);
  });

  it('checks the key', () => {
    // 97 - (1850549123456 mod 97)
    const body = 1850549123456n;
    const key = String(97n - (body % 97n)).padStart(2, '0');
    expect(nirKeyValid(`${body}${key}`)).toBe(true);
    expect(nirKeyValid(`${body}${key === '01' ? '02' : '01'}`)).toBe(false);
  });

  it('does not take a month outside the calendar for a NIR', () => {
    expect(found('commande 1851349123456').filter(([kind]) => kind === 'nir')).toEqual([]);
  });
});

describe('findPersonalData: dates of birth', () => {
  it.each([
    ['ma mère, née le 12/03/1941, attend son APA', '12/03/1941'],
    ['mon fils né le 3 mars 2012 est en 6e', '3 mars 2012'],
    ['date de naissance : 05-11-1978', '05-11-1978'],
    ['DDN 01/02/85', '01/02/85'],
    ['Née le 1er janvier 1950', '1er janvier 1950'],
  ])('finds the date in %j', (text, date) => {
    expect(found(text)).toEqual([['birthdate', date]]);
  });

  it('leaves other dates alone', () => {
    expect(found('la réunion du 12/03/2026 est reportée')).toEqual([]);
    expect(found('envoyé le 3 mars 2025, toujours rien')).toEqual([]);
  });
});

describe('findPersonalData: postal addresses', () => {
  it.each([
    ['j habite 12 rue des Lilas à Brissac', '12 rue des Lilas'],
    ['au 3 bis, avenue Jean Jaurès, 49100 Angers depuis 2 ans', '3 bis, avenue Jean Jaurès, 49100 Angers'],
    ['livrer au 45 boulevard du Maréchal Foch', '45 boulevard du Maréchal Foch'],
    ['5 impasse de la Grange 49400 Saumur', '5 impasse de la Grange 49400 Saumur'],
    ['chez nous lieu-dit La Touche, la route est défoncée', 'lieu-dit La Touche'],
    ['écrivez au 2 allée des Peupliers', '2 allée des Peupliers'],
    ['j habite 12 rue des lilas depuis 10 ans', '12 rue des lilas'],
    ['au 3 rue de la gare à doué', '3 rue de la gare'],
    ['7 ROUTE DE CHOLET 49300', '7 ROUTE DE CHOLET 49300'],
  ])('finds the address in %j', (text, address) => {
    expect(found(text)).toEqual([['address', address]]);
  });

  it('finds a postal code and its town alone', () => {
    expect(found('je suis à 49250 Beaufort-en-Anjou')).toEqual([['address', '49250 Beaufort-en-Anjou']]);
  });

  it('does not take a road or a route for an address', () => {
    expect(found('nid de poule route de Saumur')).toEqual([]);
    expect(found('la D960 vers Doué')).toEqual([]);
    expect(found('3 rues plus loin il y a un trou')).toEqual([]);
  });
});

describe('findPersonalData: several kinds', () => {
  it('returns spans in order without overlaps', () => {
    const text =
      'Bonjour, Mme Martin, 8 rue du Port 49130 Les Ponts-de-Cé, tel 06 11 22 33 44, mail m.martin@gmail.com';
    expect(found(text)).toEqual([
      ['address', '8 rue du Port 49130 Les Ponts-de-Cé'],
      ['phone', '06 11 22 33 44'],
      ['email', 'm.martin@gmail.com'],
    ]);
    const spans = findPersonalData(text);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
  });

  it('finds nothing in a plain message, an empty one or emojis', () => {
    expect(found('gros nid de poule route de brézé jai explosé mon pneu')).toEqual([]);
    expect(found('')).toEqual([]);
    expect(found('😡😡😡')).toEqual([]);
  });

  it('counts offsets in UTF-16 code units, after emojis', () => {
    const text = '😡 appelez le 06 12 34 56 78';
    const [span] = findPersonalData(text);
    expect(text.slice(span.start, span.end)).toBe('06 12 34 56 78');
  });
});

describe('maskPersonalData', () => {
  it('replaces each span with its kind', () => {
    expect(maskPersonalData('rappelez moi au 06 12 34 56 78 ou jean@free.fr')).toBe(
      'rappelez moi au [téléphone] ou [e-mail]',
    );
    expect(maskPersonalData('née le 12/03/1941, 12 rue des Lilas')).toBe(
      'née le [date de naissance], [adresse]',
    );
    expect(maskPersonalData('FR76 3000 6000 0112 3456 7890 189 et 1 85 05 49 123 456 78')).toBe(
      '[IBAN] et [n° de sécurité sociale]',
    );
  });

  it('leaves a text without personal data unchanged', () => {
    const text = 'le car de 7h40 est passé en avance, ma fille l a raté';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('uses the spans given', () => {
    expect(maskPersonalData('abc def', [{ kind: 'phone', start: 4, end: 7 }])).toBe('abc [téléphone]');
  });
});
