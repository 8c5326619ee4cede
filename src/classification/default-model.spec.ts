import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFingerprint, loadShipped, writeShipped, type TrainedDefault } from './default-model.js';
import { predict, trainClassifier, type LabelledMessage } from './text-classifier.util.js';

describe('the shipped default model', () => {
  let root: string;
  let data: string;
  let trained: TrainedDefault;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'eguichet-model-'));
    data = join(root, 'data');
    mkdirSync(join(data, 'train'), { recursive: true });
    mkdirSync(join(root, 'model'));
    const lines: LabelledMessage[] = [
      {
        text: 'nid de poule sur la route',
        department: 'routes',
        intent: 'report',
        sentiment: 'negative',
        toxic: false,
        language: 'fr',
        platform: 'facebook',
      },
      {
        text: 'le car scolaire est en retard',
        department: 'mobilites',
        intent: 'report',
        sentiment: 'negative',
        toxic: false,
        language: 'fr',
        platform: 'facebook',
      },
    ];
    writeFileSync(join(data, 'train', 'a.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n'));
    const { model } = await trainClassifier(lines, { folds: 0, minCount: 1 });
    trained = {
      model,
      fingerprint: defaultFingerprint(data),
      examples: lines.length,
      trainingSeconds: 0.1,
      evaluation: {
        heldOut: 0,
        corrections: 0,
        departmentMacroF1: 1,
        intentMacroF1: 1,
        sentimentMacroF1: 1,
        toxicF1: 1,
        score: 1,
        previousScore: null,
        accepted: true,
      },
    };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is absent until built', () => {
    expect(loadShipped(data)).toEqual({ trained: null, reason: 'no shipped model' });
  });

  it('is used when built from the same training files, answering as the trained model', () => {
    writeShipped(trained, data);
    const shipped = loadShipped(data);
    expect(shipped.trained).not.toBeNull();
    const input = { text: 'un trou sur la route' };
    expect([...predict(shipped.trained!.model, input).department.probabilities]).toEqual([
      ...predict(trained.model, input).department.probabilities,
    ]);
  });

  it('is ignored once the training files change', () => {
    writeShipped(trained, data);
    appendFileSync(join(data, 'train', 'a.jsonl'), '\n');
    expect(loadShipped(data)).toMatchObject({
      trained: null,
      reason: expect.stringMatching(/training data/),
    });
  });
});
