/**
 * Linear models over hashed sparse features: multinomial logistic regression trained by AdaGrad
 * (the chosen method), complement naive Bayes weights (added to the department head), multinomial
 * naive Bayes (the comparison), and temperature scaling for
 * calibrated confidences. Pure functions over typed arrays; training yields to the event loop now
 * and then so that a service training in the background still answers its requests.
 */

// Local bindings: a global `Math` lookup is very slow in some sandboxes (Jest's VM contexts).
const { exp, floor, imul, log, max, sqrt } = Math;

/** A message's features as rows of a model's feature table (see `FeatureTable`). */
export interface RowVector {
  rows: Int32Array;
  values: Float32Array;
}

/** Open-addressing map from hash bucket to dense row: the model only stores features it has seen. */
export class FeatureTable {
  private keys: Int32Array;
  private slots: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    let n = 1024;
    while (n < capacity * 2) n <<= 1;
    this.keys = new Int32Array(n).fill(-1);
    this.slots = new Int32Array(n);
  }

  /** The row of a bucket, or -1. */
  get(bucket: number): number {
    const mask = this.keys.length - 1;
    let i = mix(bucket) & mask;
    for (;;) {
      const key = this.keys[i];
      if (key === -1) return -1;
      if (key === bucket) return this.slots[i];
      i = (i + 1) & mask;
    }
  }

  /** The row of a bucket, added when new. */
  add(bucket: number): number {
    const found = this.get(bucket);
    if (found !== -1) return found;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = mix(bucket) & mask;
    while (this.keys[i] !== -1) i = (i + 1) & mask;
    this.keys[i] = bucket;
    this.slots[i] = this.size;
    return this.size++;
  }

  /** Buckets in row order. */
  buckets(): Int32Array {
    const out = new Int32Array(this.size);
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) out[this.slots[i]] = this.keys[i];
    return out;
  }

  static fromBuckets(buckets: Int32Array): FeatureTable {
    const table = new FeatureTable(buckets.length);
    for (const bucket of buckets) table.add(bucket);
    return table;
  }

  private grow(): void {
    const buckets = this.buckets();
    const n = this.keys.length * 2;
    this.keys = new Int32Array(n).fill(-1);
    this.slots = new Int32Array(n);
    this.size = 0;
    for (const bucket of buckets) this.add(bucket);
  }
}

function mix(value: number): number {
  let h = imul(value ^ (value >>> 16), 0x45d9f3b);
  h = imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Rows of a bucketed vector in `table` (unknown buckets dropped, or added when `grow`). */
export function toRows(
  table: FeatureTable,
  vector: { indices: Uint32Array; values: Float32Array },
  grow = false,
): RowVector {
  const rows: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < vector.indices.length; i++) {
    const row = grow ? table.add(vector.indices[i]) : table.get(vector.indices[i]);
    if (row !== -1) {
      rows.push(row);
      values.push(vector.values[i]);
    }
  }
  return { rows: Int32Array.from(rows), values: Float32Array.from(values) };
}

/** A softmax layer: `weights[row * classes + c]`. */
export interface LinearHead {
  labels: string[];
  weights: Float32Array;
  bias: Float32Array;
  /** Logits are divided by it before the softmax (fitted on cross-validated predictions). */
  temperature: number;
}

export interface TrainingSet {
  vectors: RowVector[];
  /** Class index per example, or -1 when this head has no label for it. */
  labels: Int32Array;
  /** Per-example weight (class balance, corrections count more). */
  weights: Float32Array;
}

export interface SoftmaxOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /**
   * Share of an example's features hidden at each step (the others scaled up to keep the sum): the
   * model cannot lean on a few strong words and learns the other cues of a class too.
   */
  dropout?: number;
  /** Called between slices of work (e.g. `() => new Promise(setImmediate)`). */
  pause?: () => Promise<void>;
}

/** Multinomial logistic regression trained by AdaGrad over shuffled epochs. */
export async function trainSoftmax(
  set: TrainingSet,
  labels: string[],
  rows: number,
  options: SoftmaxOptions = {},
): Promise<LinearHead> {
  const classes = labels.length;
  const epochs = options.epochs ?? 12;
  const rate = options.learningRate ?? 0.4;
  const l2 = options.l2 ?? 1e-5;
  const weights = new Float32Array(rows * classes);
  const squares = new Float32Array(rows * classes);
  const bias = new Float32Array(classes);
  const biasSquares = new Float32Array(classes);
  const order = set.vectors.map((_, i) => i).filter((i) => set.labels[i] >= 0);
  const random = seeded(options.seed ?? 42);
  const scores = new Float64Array(classes);
  const gradient = new Float64Array(classes);
  const dropout = options.dropout ?? 0;
  const longest = set.vectors.reduce((most, vector) => max(most, vector.values.length), 0);
  const thinned = new Float32Array(dropout > 0 ? longest : 0);
  let work = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const index of order) {
      const vector = set.vectors[index];
      const target = set.labels[index];
      const weight = set.weights[index];
      const featureRows = vector.rows;
      const values = dropout > 0 ? thin(vector.values, dropout, random, thinned) : vector.values;
      logits(weights, bias, classes, { rows: featureRows, values }, scores);
      softmaxInPlace(scores, 1);
      for (let c = 0; c < classes; c++) gradient[c] = (scores[c] - (c === target ? 1 : 0)) * weight;
      for (let c = 0; c < classes; c++) {
        const g = gradient[c];
        biasSquares[c] += g * g;
        bias[c] -= (rate * g) / (sqrt(biasSquares[c]) + 1e-8);
      }
      for (let f = 0; f < featureRows.length; f++) {
        const base = featureRows[f] * classes;
        const value = values[f];
        if (value === 0) continue;
        for (let c = 0; c < classes; c++) {
          const at = base + c;
          const g = gradient[c] * value + l2 * weights[at];
          if (g === 0) continue;
          squares[at] += g * g;
          weights[at] -= (rate * g) / (sqrt(squares[at]) + 1e-8);
        }
      }
      work += featureRows.length * classes;
      if (options.pause && work > 4_000_000) {
        work = 0;
        await options.pause();
      }
    }
  }
  return { labels, weights, bias, temperature: 1 };
}

/** `values` with each one zeroed with probability `rate` and the others divided by 1 - rate. */
function thin(values: Float32Array, rate: number, random: () => number, into: Float32Array): Float32Array {
  const out = into.subarray(0, values.length);
  for (let f = 0; f < values.length; f++) out[f] = random() < rate ? 0 : values[f] / (1 - rate);
  return out;
}

/** Raw scores (before temperature and softmax) of one vector. */
export function logits(
  weights: Float32Array,
  bias: Float32Array,
  classes: number,
  vector: RowVector,
  out: Float64Array = new Float64Array(classes),
): Float64Array {
  for (let c = 0; c < classes; c++) out[c] = bias[c];
  const { rows, values } = vector;
  for (let f = 0; f < rows.length; f++) {
    const base = rows[f] * classes;
    const value = values[f];
    for (let c = 0; c < classes; c++) out[c] += weights[base + c] * value;
  }
  return out;
}

/** Turns scores into probabilities in place, dividing by `temperature` first. */
export function softmaxInPlace(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) if (scores[c] > max) max = scores[c];
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = exp((scores[c] - max) / temperature);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
  return scores;
}

/** Calibrated probabilities of one vector under a head. */
export function predictHead(head: LinearHead, vector: RowVector): Float64Array {
  const scores = logits(head.weights, head.bias, head.labels.length, vector);
  return softmaxInPlace(scores, head.temperature);
}

/**
 * The temperature that minimises the negative log-likelihood of held-out scores (golden-section
 * search on log T): the usual post-hoc calibration of a softmax.
 */
export function fitTemperature(scores: Float64Array[], targets: number[]): number {
  if (scores.length === 0) return 1;
  const loss = (logT: number) => {
    const t = exp(logT);
    let total = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = softmaxInPlace(Float64Array.from(scores[i]), t);
      total -= log(max(p[targets[i]], 1e-12));
    }
    return total;
  };
  let a = log(0.05);
  let b = log(20);
  const ratio = (sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = loss(c);
  let fd = loss(d);
  for (let i = 0; i < 40; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = loss(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = loss(d);
    }
  }
  return exp((a + b) / 2);
}

/** Multinomial naive Bayes over the same features (feature values as fractional counts). */
export interface NaiveBayesHead {
  labels: string[];
  logLikelihood: Float32Array;
  logPrior: Float32Array;
}

export function trainNaiveBayes(
  set: TrainingSet,
  labels: string[],
  rows: number,
  alpha = 0.1,
): NaiveBayesHead {
  const classes = labels.length;
  const counts = new Float64Array(rows * classes);
  const totals = new Float64Array(classes);
  const priors = new Float64Array(classes);
  set.vectors.forEach((vector, i) => {
    const target = set.labels[i];
    if (target < 0) return;
    priors[target] += set.weights[i];
    for (let f = 0; f < vector.rows.length; f++) {
      counts[vector.rows[f] * classes + target] += vector.values[f];
      totals[target] += vector.values[f];
    }
  });
  const logLikelihood = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) {
      logLikelihood[r * classes + c] = log((counts[r * classes + c] + alpha) / (totals[c] + alpha * rows));
    }
  }
  const priorTotal = priors.reduce((sum, value) => sum + value, 0);
  const logPrior = Float32Array.from(priors, (value) => log((value + 1) / (priorTotal + classes)));
  return { labels, logLikelihood, logPrior };
}

export function naiveBayesScores(head: NaiveBayesHead, vector: RowVector): Float64Array {
  return logits(head.logLikelihood, head.logPrior, head.labels.length, vector);
}

/**
 * Complement naive Bayes weights (Rennie et al., 2003) over the same features: a class's weight for
 * a feature is minus the log-probability of that feature in the OTHER classes, so a class with few
 * examples is judged on the many messages that are not about it. Example weights count. Each row
 * is centred (mean 0 across classes), which changes no softmax and keeps the weights comparable
 * to a logistic regression's: the result can be added to a `LinearHead`'s weights (one linear
 * model, no extra cost at prediction).
 */
export function complementNaiveBayesWeights(
  set: TrainingSet,
  classes: number,
  rows: number,
  alpha = 0.03,
): Float32Array {
  const counts = new Float64Array(rows * classes);
  const rowTotals = new Float64Array(rows);
  const classTotals = new Float64Array(classes);
  set.vectors.forEach((vector, i) => {
    const target = set.labels[i];
    if (target < 0) return;
    const weight = set.weights[i];
    for (let f = 0; f < vector.rows.length; f++) {
      const value = vector.values[f] * weight;
      counts[vector.rows[f] * classes + target] += value;
      rowTotals[vector.rows[f]] += value;
      classTotals[target] += value;
    }
  });
  let total = 0;
  for (let c = 0; c < classes; c++) total += classTotals[c];
  const weights = new Float32Array(rows * classes);
  const row = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < classes; c++) {
      const complement = rowTotals[r] - counts[r * classes + c] + alpha;
      row[c] = -log(complement / (total - classTotals[c] + alpha * rows));
      mean += row[c] / classes;
    }
    for (let c = 0; c < classes; c++) weights[r * classes + c] = row[c] - mean;
  }
  return weights;
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** A small deterministic generator (mulberry32): same seed, same model. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
