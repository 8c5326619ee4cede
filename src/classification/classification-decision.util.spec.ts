import { describe, expect, it } from '@jest/globals';
import { decide, type DecisionOptions } from './classification-decision.util.js';
import { INTENTS, SENTIMENTS } from './classification.types.js';
import { detectLanguage, trainLanguageProfiles } from './language.util.js';
import { argmax } from './linear-model.util.js';
import type { ClassifierModel, Prediction } from './text-classifier.util.js';
import { messageFeatures } from './text-features.util.js';

const DEPARTMENTS = ['colleges', 'mobilites', 'routes'];
const profiles = trainLanguageProfiles([]);
/** `decide` reads the model only to explain; the tests do not ask for explanations. */
const model = {} as ClassifierModel;

function prediction(
  text: string,
  scores: { department?: number[]; intent?: number[]; sentiment?: number[]; toxic?: number } = {},
): Prediction {
  const head = (labels: string[], values: number[]) => {
    const probabilities = Float64Array.from(values);
    return { labels, probabilities, best: argmax(probabilities) };
  };
  return {
    features: messageFeatures({ text }),
    rows: { rows: new Int32Array(0), values: new Float32Array(0) },
    department: head(DEPARTMENTS, scores.department ?? [0.02, 0.03, 0.95]),
    intent: head([...INTENTS], scores.intent ?? [0.02, 0.95, 0.02, 0.01]),
    sentiment: head([...SENTIMENTS], scores.sentiment ?? [0.7, 0.2, 0.1]),
    toxicProbability: scores.toxic ?? 0.01,
    language: detectLanguage(text, profiles),
  };
}

const options = (overrides: Partial<DecisionOptions> = {}): DecisionOptions => ({
  thresholds: { department: 0.8, intent: 0.8 },
  departments: new Set(DEPARTMENTS),
  explain: false,
  ...overrides,
});

describe('decide', () => {
  it('routes a sure French report without review', () => {
    const decision = decide(model, prediction('gros nid de poule sur la route'), options());
    expect(decision).toMatchObject({
      department: { code: 'routes', confidence: 0.95 },
      intent: { code: 'report', confidence: 0.95 },
      sentiment: 'negative',
      toxic: false,
      language: 'fr',
      needsReview: false,
      certainSpam: false,
    });
    expect(decision.explanation.reviewReasons).toEqual([]);
  });

  it('takes praise worn with an emoji of irony for what it means: negative', () => {
    const praise = { sentiment: [0.1, 0.2, 0.7] };
    const ironic = prediction('merci pour la route toute neuve, une vraie piste de ski 🙄', praise);
    expect(decide(model, ironic, options()).sentiment).toBe('negative');
    const sincere = prediction('merci pour la route toute neuve 😊', praise);
    expect(decide(model, sincere, options()).sentiment).toBe('positive');
    const neutral = prediction('la route est refaite 😏', { sentiment: [0.1, 0.7, 0.2] });
    expect(decide(model, neutral, options()).sentiment).toBe('neutral');
  });

  it('sends unsure departments and intents to review, following the thresholds', () => {
    const unsure = prediction('un souci', { department: [0.3, 0.3, 0.4], intent: [0.5, 0.4, 0.05, 0.05] });
    expect(decide(model, unsure, options()).explanation.reviewReasons).toEqual([
      'department-unsure',
      'intent-unsure',
    ]);
    expect(decide(model, unsure, options({ thresholds: { department: 0.3, intent: 0.3 } })).needsReview).toBe(
      false,
    );
  });

  it('gives no department when the organisation does not have the one the message is about', () => {
    const decision = decide(
      model,
      prediction('trou sur la route'),
      options({ departments: new Set(['colleges', 'mobilites']) }),
    );
    expect(decision.department).toEqual({ code: null, confidence: 0.95 });
    expect(decision.explanation.reviewReasons).toContain('no-department');
    // With a department of its own it can route to, the best of those is chosen.
    const some = decide(
      model,
      prediction('car en retard', { department: [0.1, 0.6, 0.3] }),
      options({ departments: new Set(['colleges', 'mobilites']) }),
    );
    expect(some.department.code).toBe('mobilites');
  });

  it('reports certain spam with no department and no review', () => {
    const decision = decide(
      model,
      prediction('Investissez dans la crypto, rendement garanti 👉 gains.biz', {
        intent: [0.01, 0.01, 0.01, 0.97],
      }),
      options(),
    );
    expect(decision).toMatchObject({
      department: { code: null },
      intent: { code: 'spam' },
      needsReview: false,
      certainSpam: true,
    });
  });

  it('asks a person about possible spam', () => {
    const likely = decide(model, prediction('regardez ça', { intent: [0.05, 0.05, 0.05, 0.85] }), options());
    expect(likely).toMatchObject({ intent: { code: 'spam' }, certainSpam: false, needsReview: true });
    expect(likely.explanation.reviewReasons).toContain('possible-spam');
    const maybe = decide(
      model,
      prediction('le car est en retard', { intent: [0.05, 0.7, 0.0, 0.25] }),
      options(),
    );
    expect(maybe.intent.code).toBe('report');
    expect(maybe.explanation.reviewReasons).toContain('possible-spam');
  });

  it('flags toxic messages from the model or from a threat, keeping their department', () => {
    const byModel = decide(model, prediction('nid de poule', { toxic: 0.8 }), options());
    expect(byModel).toMatchObject({ toxic: true, needsReview: true, department: { code: 'routes' } });
    const threat = decide(
      model,
      prediction('je vais venir vous régler votre compte pour ce trou'),
      options(),
    );
    expect(threat.toxic).toBe(true);
    expect(threat.explanation.reviewReasons).toContain('toxic');
  });

  it('sends messages in another language and empty ones to review', () => {
    const english = decide(model, prediction('Hello, the road near the bridge is closed, why?'), options());
    expect(english.language).toBe('en');
    expect(english.explanation.reviewReasons).toContain('not-french');
    const empty = decide(model, prediction('😡😡'), options({ empty: true }));
    expect(empty.explanation.reviewReasons).toContain('empty');
  });
});
