import { beforeAll, describe, expect, it } from '@jest/globals';
import { officialCommunes } from './places.service.js';
import {
  buildCommuneIndex,
  findCommunes,
  findPlaces,
  findRoads,
  placeKey,
  type CommuneIndex,
} from './places.util.js';

describe('findRoads', () => {
  it.each([
    ['nid de poule sur la RD 204 vers Brissac', 'RD 204', 'RD 204'],
    ['la D204 est fermée', 'D204', 'RD 204'],
    ['trou énorme D 960 après le rond point', 'D 960', 'RD 960'],
    ['sur la d347 sortie de longué', 'd347', 'RD 347'],
    ['la départementale 960 est défoncée', 'départementale 960', 'RD 960'],
    ['route départementale n°61', 'route départementale n°61', 'RD 61'],
    ['Rd.23 inondée', 'Rd.23', 'RD 23'],
    ['accident sur la N10', 'N10', 'RN 10'],
    ['la RN 249 bouchée', 'RN 249', 'RN 249'],
    ["bouchon sur l'A87", 'A87', 'A 87'],
    ['autoroute A 11 fermée', 'A 11', 'A 11'],
  ])('finds the road in %j', (text, written, name) => {
    expect(findRoads(text)).toEqual([{ kind: 'road', text: written, name }]);
  });

  it('finds several roads in order', () => {
    expect(findRoads('entre la D960 et la RD 761').map((road) => road.name)).toEqual(['RD 960', 'RD 761']);
  });

  it.each([
    ['le car de 7h40 est en retard'],
    ["j'ai 3 enfants"],
    ['le CD49 ne répond pas'],
    ['il a 10 ans'],
    ['Aide de 200 euros'],
    ['une note de A à D 2 fois'],
  ])('finds no road in %j', (text) => {
    expect(findRoads(text).filter((road) => road.name !== 'RD 2')).toEqual([]);
  });
});

describe('placeKey', () => {
  it('folds accents, case, hyphens, apostrophes and Saint abbreviations', () => {
    expect(placeKey("Saint-Barthélemy-d'Anjou")).toBe('saint barthelemy d anjou');
    expect(placeKey('St Barthelemy d Anjou')).toBe('saint barthelemy d anjou');
    expect(placeKey('LES PONTS-DE-CÉ')).toBe('les ponts de ce');
  });
});

describe('findCommunes in Maine-et-Loire', () => {
  let index: CommuneIndex;
  beforeAll(() => {
    index = buildCommuneIndex(officialCommunes(), ['49']);
  });

  const names = (text: string) =>
    findCommunes(text, index).map((place) => [place.text, place.name, place.code]);

  it('finds communes whatever the accents and the case', () => {
    expect(names('gros nid de poule route de brézé')).toEqual([['brézé', 'Brézé', '49060']]);
    expect(names('le car pour SAUMUR est en retard')).toEqual([['SAUMUR', 'Saumur', '49328']]);
    expect(names('de chemille a cholet')).toEqual([
      ['chemille', 'Chemillé', '49092'],
      ['cholet', 'Cholet', '49099'],
    ]);
  });

  it('prefers the longest name', () => {
    expect(names('à Saint-Lambert-du-Lattay ce matin')).toEqual([
      ['Saint-Lambert-du-Lattay', 'Saint-Lambert-du-Lattay', '49292'],
    ]);
    expect(names('aux Ponts de Cé')).toEqual([['Ponts de Cé', 'Les Ponts-de-Cé', '49246']]);
    expect(names('st barthelemy d anjou')).toEqual([
      ['st barthelemy d anjou', "Saint-Barthélemy-d'Anjou", '49267'],
    ]);
  });

  it('knows communes déléguées and the short forms residents use', () => {
    expect(names('la D960 entre Doué et Vihiers')).toEqual([
      ['Doué', 'Doué-en-Anjou', '49125'],
      ['Vihiers', 'Vihiers', '49373'],
    ]);
    expect(names('sortie de Longué direction Saumur')).toEqual([
      ['Longué', 'Longué-Jumelles', '49180'],
      ['Saumur', 'Saumur', '49328'],
    ]);
  });

  it('takes a commune named like a common word only when written with a capital', () => {
    expect(names('la plaine est inondée')).toEqual([]);
    expect(names('les enfants de La Plaine attendent le car')).toEqual([['La Plaine', 'La Plaine', '49240']]);
    expect(names('les murs du collège sont sales')).toEqual([]);
  });

  it('ignores communes of other départements', () => {
    expect(names('je vis à Nantes')).toEqual([]);
  });
});

describe('findPlaces', () => {
  it('looks in the commented post too, each place once', () => {
    const index = buildCommuneIndex(officialCommunes(), ['49']);
    const places = findPlaces(
      'toujours pas réparé à Saumur',
      'Travaux sur la RD 347 à Saumur cette semaine',
      index,
    );
    expect(places).toEqual([
      { kind: 'commune', text: 'Saumur', name: 'Saumur', code: '49328' },
      { kind: 'road', text: 'RD 347', name: 'RD 347' },
    ]);
  });

  it('finds roads without a territory', () => {
    expect(findPlaces('trou sur la D204', undefined, null)).toEqual([
      { kind: 'road', text: 'D204', name: 'RD 204' },
    ]);
  });
});
