import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DEPARTMENTS } from '../departments/default-departments.js';
import { DEPARTMENT_TERMS, departmentTermCounts } from './department-lexicon.util.js';
import { normaliseAndTokenise } from './text-normalisation.util.js';

const counts = (text: string) => Object.fromEntries(departmentTermCounts(normaliseAndTokenise(text)));

describe('departmentTermCounts', () => {
  it('has terms for every default department', () => {
    expect(Object.keys(DEPARTMENT_TERMS).sort()).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.code).sort());
  });

  it('counts single words, phrases and prefixes', () => {
    expect(counts('gros nid de poule sur la route, les nids de poule partout')).toMatchObject({ routes: 3 });
    expect(counts('mon dossier MDPH pour la PCH')).toMatchObject({ solidarites: 2 });
    expect(counts('la fibre optique arrive quand ?')).toMatchObject({ numerique: 2 });
    expect(counts('le déneigement de la côte')).toMatchObject({ routes: 1 });
  });

  it('knows words of other languages', () => {
    expect(counts('there is a pothole on the road')).toMatchObject({ routes: 2 });
    expect(counts('¿dónde está la playa?')).toMatchObject({ tourisme: 1 });
  });

  it('keeps ambiguous words out and phrases apart', () => {
    // "éleveur" is not a pupil ("élève"), "départementales" is not a road, a link is not a website.
    expect(counts('les éleveurs laitiers en difficulté')).toEqual({ 'economie-emploi': 1 });
    expect(counts('les archives départementales')).toEqual({ 'culture-sport': 2 });
    expect(counts('regardez https://exemple.fr')).toEqual({});
    expect(counts('la voie verte vers Saumur')).toEqual({ tourisme: 1 });
    expect(counts('cantonnier')).toEqual({ routes: 1 });
  });

  it('counts nothing in a message about nothing in particular', () => {
    expect(counts('ok merci')).toEqual({});
  });
});
