import { describe, expect, it } from '@jest/globals';
import {
  argmax,
  complementNaiveBayesWeights,
  FeatureTable,
  fitTemperature,
  naiveBayesScores,
  predictHead,
  seeded,
  softmaxInPlace,
  toRows,
  trainNaiveBayes,
  trainSoftmax,
  type TrainingSet,
} from './linear-model.util.js';

/** Three classes, each announced by its own feature (rows 0, 1, 2) plus noise features (3..9). */
function toySet(count: number, seed = 1): TrainingSet {
  const random = seeded(seed);
  const vectors = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const noise = 3 + Math.floor(random() * 7);
    vectors.push({ rows: Int32Array.from([label, noise]), values: Float32Array.from([1, 0.5]) });
    labels.push(label);
  }
  return { vectors, labels: Int32Array.from(labels), weights: new Float32Array(count).fill(1) };
}

describe('FeatureTable', () => {
  it('gives each bucket a stable row, and -1 to unknown ones', () => {
    const table = new FeatureTable(2);
    const rows = [5, 1 << 21, 77, 5].map((bucket) => table.add(bucket));
    expect(rows).toEqual([0, 1, 2, 0]);
    expect(table.get(77)).toBe(2);
    expect(table.get(78)).toBe(-1);
    for (let i = 0; i < 5000; i++) table.add(1000 + i);
    expect(table.size).toBe(5003);
    expect(table.get(1000 + 4999)).toBe(5002);
    const copy = FeatureTable.fromBuckets(table.buckets());
    expect(copy.get(77)).toBe(2);
    expect(copy.get(1000 + 4999)).toBe(5002);
  });

  it('maps vectors to rows, dropping or adding unknown buckets', () => {
    const table = new FeatureTable();
    table.add(10);
    const vector = { indices: Uint32Array.from([10, 20]), values: Float32Array.from([1, 2]) };
    expect(toRows(table, vector)).toEqual({ rows: Int32Array.from([0]), values: Float32Array.from([1]) });
    expect(toRows(table, vector, true).rows).toEqual(Int32Array.from([0, 1]));
  });
});

describe('trainSoftmax', () => {
  it('learns classes announced by a feature, deterministically', async () => {
    const set = toySet(90);
    const head = await trainSoftmax(set, ['a', 'b', 'c'], 10, { epochs: 5, seed: 3 });
    for (let label = 0; label < 3; label++) {
      const probabilities = predictHead(head, {
        rows: Int32Array.from([label]),
        values: Float32Array.from([1]),
      });
      expect(argmax(probabilities)).toBe(label);
      expect(probabilities[label]).toBeGreaterThan(0.8);
    }
    const again = await trainSoftmax(set, ['a', 'b', 'c'], 10, { epochs: 5, seed: 3 });
    expect(again.weights).toEqual(head.weights);
  });

  it('with dropout, also learns the weaker cue that a strong one shadows', async () => {
    // Class c is announced by row c (strong) and row c + 3 (weak), always together.
    const vectors = Array.from({ length: 90 }, (_, i) => ({
      rows: Int32Array.from([i % 3, (i % 3) + 3]),
      values: Float32Array.from([1, 0.3]),
    }));
    const set = {
      vectors,
      labels: Int32Array.from(vectors, (_, i) => i % 3),
      weights: new Float32Array(90).fill(1),
    };
    const weakAlone = { rows: Int32Array.from([3]), values: Float32Array.from([0.3]) };
    const plain = await trainSoftmax(set, ['a', 'b', 'c'], 6, { epochs: 5, seed: 3 });
    const thinned = await trainSoftmax(set, ['a', 'b', 'c'], 6, { epochs: 5, seed: 3, dropout: 0.5 });
    expect(predictHead(thinned, weakAlone)[0]).toBeGreaterThan(predictHead(plain, weakAlone)[0] + 0.05);
    const again = await trainSoftmax(set, ['a', 'b', 'c'], 6, { epochs: 5, seed: 3, dropout: 0.5 });
    expect(again.weights).toEqual(thinned.weights);
  });

  it('skips examples without a label and yields between slices of work', async () => {
    const set = toySet(30);
    set.labels[0] = -1;
    let pauses = 0;
    const big = {
      ...set,
      vectors: set.vectors.map(() => ({
        rows: Int32Array.from({ length: 2000 }, (_, i) => i),
        values: new Float32Array(2000).fill(0.01),
      })),
    };
    await trainSoftmax(big, ['a', 'b', 'c'], 2000, {
      epochs: 30,
      pause: async () => {
        pauses++;
      },
    });
    expect(pauses).toBeGreaterThan(0);
  });
});

describe('softmaxInPlace and fitTemperature', () => {
  it('turns scores into probabilities, flatter with a higher temperature', () => {
    const sharp = softmaxInPlace(Float64Array.from([2, 0, 0]), 1);
    const flat = softmaxInPlace(Float64Array.from([2, 0, 0]), 4);
    expect(sharp.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(flat[0]).toBeLessThan(sharp[0]);
    expect(softmaxInPlace(Float64Array.from([1000, 0]), 1)[0]).toBeCloseTo(1);
  });

  it('cools an overconfident model and warms an underconfident one', () => {
    // Scores say 99 % but only 70 % are right: the fitted temperature must be above 1.
    const overconfident = Array.from({ length: 100 }, () => Float64Array.from([5, 0]));
    const targets = Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));
    expect(fitTemperature(overconfident, targets)).toBeGreaterThan(1.5);
    // Scores say 62 % but all are right: below 1.
    const underconfident = Array.from({ length: 100 }, () => Float64Array.from([0.5, 0]));
    expect(fitTemperature(underconfident, new Array<number>(100).fill(0))).toBeLessThan(0.5);
    expect(fitTemperature([], [])).toBe(1);
  });
});

describe('trainNaiveBayes', () => {
  it('learns the same toy classes', () => {
    const head = trainNaiveBayes(toySet(90), ['a', 'b', 'c'], 10);
    for (let label = 0; label < 3; label++) {
      expect(
        argmax(naiveBayesScores(head, { rows: Int32Array.from([label]), values: Float32Array.from([1]) })),
      ).toBe(label);
    }
  });
});

describe('complementNaiveBayesWeights', () => {
  it('learns the toy classes with rows centred on zero', () => {
    const weights = complementNaiveBayesWeights(toySet(90), 3, 10);
    expect(weights).toHaveLength(30);
    for (let label = 0; label < 3; label++) {
      const row = weights.subarray(label * 3, label * 3 + 3);
      expect(argmax(row)).toBe(label);
      expect(row[0] + row[1] + row[2]).toBeCloseTo(0, 5);
    }
  });

  it('counts example weights and ignores unlabelled examples', () => {
    // Each class has one message with feature 0 and one with feature 1, plus an unlabelled one.
    const vectors = [0, 1, 0, 1, 0].map((row) => ({
      rows: Int32Array.from([row]),
      values: Float32Array.from([1]),
    }));
    const labels = Int32Array.from([0, 0, 1, 1, -1]);
    const even = complementNaiveBayesWeights(
      { vectors, labels, weights: Float32Array.from([1, 1, 1, 1, 50]) },
      2,
      2,
    );
    expect(even[0]).toBeCloseTo(even[1], 5);
    // Class 0's message with feature 0 counting three times makes feature 0 point to class 0.
    const first = complementNaiveBayesWeights(
      { vectors, labels, weights: Float32Array.from([3, 1, 1, 1, 50]) },
      2,
      2,
    );
    expect(first[0]).toBeGreaterThan(first[1]);
    const second = complementNaiveBayesWeights(
      { vectors, labels, weights: Float32Array.from([1, 1, 3, 1, 1]) },
      2,
      2,
    );
    expect(second[1]).toBeGreaterThan(second[0]);
  });
});
