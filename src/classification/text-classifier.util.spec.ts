import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  deserialiseModel,
  explain,
  foldsOf,
  OTHER_DEPARTMENT,
  predict,
  serialiseModel,
  trainClassifier,
  type ClassifierModel,
  type LabelledMessage,
} from './text-classifier.util.js';

const label = (
  text: string,
  department: string | null,
  intent: LabelledMessage['intent'],
): LabelledMessage => ({
  text,
  department,
  intent,
  sentiment: intent === 'opinion' ? 'positive' : 'neutral',
  toxic: false,
  language: 'fr',
});

const MESSAGES: LabelledMessage[] = [
  label('nid de poule sur la route', 'routes', 'report'),
  label('trou énorme dans la chaussée', 'routes', 'report'),
  label('la route est défoncée après le pont', 'routes', 'report'),
  label('quand refaites vous la route de Brissac ?', 'routes', 'request'),
  label('déneigement de la route ce matin ?', 'routes', 'request'),
  label('merci pour la route toute neuve', 'routes', 'opinion'),
  label('le car scolaire est en retard', 'mobilites', 'report'),
  label('le bus de 7h40 n est pas passé', 'mobilites', 'report'),
  label('horaires du car pour la rentrée ?', 'mobilites', 'request'),
  label('abonnement de car scolaire, comment faire ?', 'mobilites', 'request'),
  label('chauffeur du car très gentil', 'mobilites', 'opinion'),
  label('bravo pour la nouvelle ligne de car', 'mobilites', 'opinion'),
  label('la cantine du collège est froide', 'colleges', 'report'),
  label('chauffage en panne au collège', 'colleges', 'report'),
  label('bourse de collège, quand est-elle versée ?', 'colleges', 'request'),
  label('mon fils entre au collège, quel secteur ?', 'colleges', 'request'),
  label('super repas à la cantine du collège', 'colleges', 'opinion'),
  label('le collège est magnifique', 'colleges', 'opinion'),
  label('gagnez un iphone cliquez ici promo.biz', null, 'spam'),
  label('crypto rendement garanti contactez moi whatsapp', null, 'spam'),
  label('achetez des followers pas chers', null, 'spam'),
];

describe('trainClassifier and predict', () => {
  let model: ClassifierModel;
  beforeAll(async () => {
    ({ model } = await trainClassifier(MESSAGES, { folds: 0, epochs: 20, minCount: 1 }));
  });

  it('learns departments and intents from labelled messages', () => {
    const pothole = predict(model, { text: 'encore un nid de poule sur la route' });
    expect(pothole.department.labels[pothole.department.best]).toBe('routes');
    const coach = predict(model, { text: 'le car scolaire n est pas passé' });
    expect(coach.department.labels[coach.department.best]).toBe('mobilites');
    const spam = predict(model, { text: 'gagnez des followers avec la crypto promo.biz' });
    expect(spam.intent.labels[spam.intent.best]).toBe('spam');
    const total = [...pothole.department.probabilities].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1);
  });

  it('explains with the words of the message that weighed most', () => {
    const prediction = predict(model, { text: 'le car scolaire est encore en retard' });
    const words = explain(model, model.department, prediction, prediction.department.best);
    expect(words.length).toBeGreaterThan(0);
    expect(words.some((word) => ['car', 'scolaire', 'retard'].includes(word))).toBe(true);
  });

  it('serialises to a compact buffer and back, answering the same', () => {
    const data = serialiseModel(model);
    const copy = deserialiseModel(data);
    const input = {
      text: 'chauffage du collège en panne',
      context: 'Rentrée des collèges',
      platform: 'facebook',
    };
    const a = predict(model, input);
    const b = predict(copy, input);
    expect([...b.department.probabilities]).toEqual([...a.department.probabilities]);
    expect([...b.intent.probabilities]).toEqual([...a.intent.probabilities]);
    expect(b.language.code).toBe(a.language.code);
    expect(copy.examples).toBe(MESSAGES.length);
  });

  it('refuses a buffer of another format', () => {
    expect(() => deserialiseModel(Buffer.from('not a model'))).toThrow();
  });
});

describe('trainClassifier options', () => {
  it('learns only the departments asked for, the others as "other"', async () => {
    const { model } = await trainClassifier(MESSAGES, {
      folds: 0,
      departments: ['routes'],
      epochs: 10,
      minCount: 1,
    });
    expect(model.department.labels).toEqual(['routes', OTHER_DEPARTMENT]);
    const { model: without } = await trainClassifier(MESSAGES, {
      folds: 0,
      departments: ['routes', 'colleges'],
      other: false,
      minCount: 1,
    });
    expect(without.department.labels).toEqual(['colleges', 'routes']);
  });

  it('uses messages with only some labels for those heads alone', async () => {
    const partial: LabelledMessage[] = [
      ...MESSAGES,
      { text: 'acte de naissance', department: 'etat-civil', weight: 4 },
    ];
    const { model } = await trainClassifier(partial, { folds: 0, minCount: 1 });
    expect(model.department.labels).toContain('etat-civil');
    expect(model.examples).toBe(partial.length);
  });

  it('cross-validates: every labelled message gets an out-of-fold prediction and temperatures are fitted', async () => {
    const { model, crossValidation } = await trainClassifier(MESSAGES, { folds: 3, minCount: 1 });
    expect(crossValidation!.intent.every((p) => p !== null)).toBe(true);
    // Spam has no department: no department prediction for it.
    expect(crossValidation!.department.filter((p) => p === null)).toHaveLength(3);
    expect(model.intent.temperature).toBeGreaterThan(0);
  });
});

describe('foldsOf', () => {
  it('splits evenly and the same way every time', () => {
    const folds = foldsOf(10, 3);
    expect([...folds]).toEqual([...foldsOf(10, 3)]);
    const sizes = [0, 1, 2].map((k) => [...folds].filter((f) => f === k).length);
    expect(sizes.sort()).toEqual([3, 3, 4]);
  });
});
