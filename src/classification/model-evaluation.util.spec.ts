import { describe, expect, it } from '@jest/globals';
import {
  acceptsCandidate,
  binaryScores,
  calibrationBands,
  classScores,
  routingCurve,
  TAXONOMY_TOLERANCE,
  TOLERANCE,
} from './model-evaluation.util.js';

describe('classScores', () => {
  it('computes per-label precision, recall, F1, macro-F1, accuracy and the confusion matrix', () => {
    const scores = classScores([
      { truth: 'a', predicted: 'a' },
      { truth: 'a', predicted: 'b' },
      { truth: 'b', predicted: 'b' },
      { truth: 'b', predicted: 'b' },
      { truth: undefined, predicted: 'a' },
    ]);
    const a = scores.labels.find((l) => l.label === 'a')!;
    const b = scores.labels.find((l) => l.label === 'b')!;
    expect(a).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(a.f1).toBeCloseTo(2 / 3);
    expect(b).toMatchObject({ precision: 2 / 3, recall: 1, support: 2 });
    expect(scores.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
    expect(scores.accuracy).toBe(0.75);
    expect(scores.confusion).toEqual({ a: { a: 1, b: 1 }, b: { a: 0, b: 2 } });
  });

  it('leaves labels without support out of the macro average', () => {
    const scores = classScores([{ truth: 'a', predicted: 'a' }], ['a', 'b']);
    expect(scores.macroF1).toBe(1);
  });
});

describe('binaryScores', () => {
  it('scores the positive class', () => {
    expect(
      binaryScores([
        { truth: true, predicted: true },
        { truth: true, predicted: false },
        { truth: false, predicted: true },
        { truth: false, predicted: false },
      ]),
    ).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(binaryScores([])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('calibrationBands', () => {
  it('counts messages and the share right per confidence band', () => {
    const bands = calibrationBands(
      [
        { confidence: 0.95, correct: true },
        { confidence: 0.97, correct: false },
        { confidence: 1, correct: true },
        { confidence: 0.55, correct: false },
      ],
      [0, 0.5, 0.9, 1.0001],
    );
    expect(bands.map((band) => band.count)).toEqual([0, 1, 3]);
    expect(bands[2].accuracy).toBeCloseTo(2 / 3);
    expect(bands[2].meanConfidence).toBeCloseTo((0.95 + 0.97 + 1) / 3);
  });
});

describe('routingCurve', () => {
  it('trades the share routed automatically for precision', () => {
    const items = [
      { departmentConfidence: 0.99, intentConfidence: 0.99, otherReasons: false, correct: true },
      { departmentConfidence: 0.7, intentConfidence: 0.99, otherReasons: false, correct: false },
      { departmentConfidence: 0.99, intentConfidence: 0.6, otherReasons: false, correct: true },
      { departmentConfidence: 0.99, intentConfidence: 0.99, otherReasons: true, correct: true },
    ];
    const [lax, strict] = routingCurve(items, [0.5, 0.9]);
    expect(lax).toEqual({ threshold: 0.5, automatic: 0.75, precision: 2 / 3 });
    expect(strict).toEqual({ threshold: 0.9, automatic: 0.25, precision: 1 });
  });
});

describe('acceptsCandidate', () => {
  it('replaces the model in use only when the new one is not worse', () => {
    expect(acceptsCandidate(0.8, null, false)).toBe(true);
    expect(acceptsCandidate(0.81, 0.8, false)).toBe(true);
    expect(acceptsCandidate(0.8 - TOLERANCE / 2, 0.8, false)).toBe(true);
    expect(acceptsCandidate(0.78, 0.8, false)).toBe(false);
  });

  it('allows more when the departments changed', () => {
    expect(acceptsCandidate(0.8 - TAXONOMY_TOLERANCE / 2, 0.8, true)).toBe(true);
    expect(acceptsCandidate(0.7, 0.8, true)).toBe(false);
  });
});
