import { DEFAULT_DEPARTMENTS } from '../departments/default-departments.js';
import {
  decide,
  DEFAULT_THRESHOLDS,
  type Decision,
  type Thresholds,
} from './classification-decision.util.js';
import { INTENTS, SENTIMENTS } from './classification.types.js';
import {
  argmax,
  FeatureTable,
  naiveBayesScores,
  toRows,
  trainNaiveBayes,
  type TrainingSet,
} from './linear-model.util.js';
import {
  binaryScores,
  calibrationBands,
  classScores,
  routingCurve,
  type ClassScores,
  type RoutingItem,
} from './model-evaluation.util.js';
import { messageFeatures } from './text-features.util.js';
import {
  foldsOf,
  predict,
  trainClassifier,
  type ClassifierModel,
  type CrossValidation,
  type HeadPrediction,
  type Prediction,
} from './text-classifier.util.js';
import {
  loadHeldOutExamples,
  loadSecondLabels,
  loadTrainingExamples,
  type ShippedExample,
} from './training-data.js';

/**
 * `npm run eval:classifier`: trains on src/classification/data/train, then prints for the held-out
 * file and for a 5-fold cross-validation of the training data: per-label precision, recall and F1,
 * macro-F1, the department confusion matrix, calibration by confidence band, the auto-routing curve,
 * how far a second labeller and the model each agree with the held-out labels, and the comparison
 * with naive Bayes on the same features and the same splits.
 */

const FOLDS = 5;
const CODES = DEFAULT_DEPARTMENTS.map((d) => d.code);
const DEPARTMENTS = new Set(CODES);

interface Labels {
  department: string | null;
  intent: string;
}

interface Evaluated {
  example: ShippedExample;
  decision: Decision;
}

async function main(): Promise<void> {
  const train = loadTrainingExamples();
  const heldOut = loadHeldOutExamples();
  console.log(`Training messages: ${train.length}; held-out messages: ${heldOut.length}\n`);

  const started = Date.now();
  const { model, crossValidation } = await trainClassifier(train, { departments: CODES, folds: FOLDS });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Logistic regression (AdaGrad; department: feature dropout 0.5, plus complement naive Bayes), hashed word 1-2-grams + char 3-5-grams, ${FOLDS}-fold calibration: ` +
      `trained in ${seconds.toFixed(1)} s, ${model.table.size} features kept`,
  );
  console.log(
    `Temperatures: department ${model.department.temperature.toFixed(2)}, intent ${model.intent.temperature.toFixed(2)}, ` +
      `sentiment ${model.sentiment.temperature.toFixed(2)}, toxic ${model.toxic.temperature.toFixed(2)}\n`,
  );

  const heldOutDecisions = heldOut.map((example) => ({
    example,
    decision: decide(model, predict(model, example), {
      thresholds: DEFAULT_THRESHOLDS,
      departments: DEPARTMENTS,
      explain: false,
    }),
  }));
  const cvDecisions = crossValidatedDecisions(model, train, crossValidation!);

  report('HELD-OUT (never trained on)', heldOutDecisions);
  report(`${FOLDS}-FOLD CROSS-VALIDATION OF THE TRAINING DATA (out-of-fold predictions)`, cvDecisions);

  section('THRESHOLDS');
  for (const [name, evaluated] of [
    ['cross-validation', cvDecisions],
    ['held-out', heldOutDecisions],
  ] as const) {
    const best = chooseThreshold(routingItems(evaluated));
    console.log(
      `${name}: the lowest threshold with auto-routing precision ≥ 0.97 is ${best?.threshold ?? 'none'}` +
        (best ? ` (${pct(best.automatic)} skip review, precision ${pct(best.precision)})` : ''),
    );
  }
  console.log(
    `Defaults in use: department ${DEFAULT_THRESHOLDS.department}, intent ${DEFAULT_THRESHOLDS.intent} (chosen on cross-validation, not on the held-out file)`,
  );

  section('AGREEMENT OF A SECOND LABELLER (blind) WITH THE HELD-OUT LABELS, AND OF THE MODEL');
  compareWithSecondLabeller(heldOutDecisions);

  section('METHOD COMPARISON (same features, same splits): macro-F1');
  compareMethods(train, heldOut, heldOutDecisions, cvDecisions);
}

/** Decisions from the out-of-fold probabilities, as the service would decide them. */
function crossValidatedDecisions(
  model: ClassifierModel,
  train: ShippedExample[],
  cv: CrossValidation,
): Evaluated[] {
  const out: Evaluated[] = [];
  train.forEach((example, i) => {
    const features = messageFeatures(example);
    const head = (labels: string[], probabilities: Float64Array | null): HeadPrediction => {
      const p = probabilities ?? Float64Array.from(labels, () => 1 / labels.length);
      return { labels, probabilities: p, best: argmax(p) };
    };
    const departments = cv.department[i] ?? spamDepartmentGuess(model);
    const prediction: Prediction = {
      features,
      rows: { rows: new Int32Array(0), values: new Float32Array(0) },
      department: head(model.department.labels, departments),
      intent: head(model.intent.labels, cv.intent[i]),
      sentiment: head(model.sentiment.labels, cv.sentiment[i]),
      toxicProbability: cv.toxic[i]?.[1] ?? 0,
      language: cv.language[i],
    };
    out.push({
      example,
      decision: decide(model, prediction, {
        thresholds: DEFAULT_THRESHOLDS,
        departments: DEPARTMENTS,
        explain: false,
      }),
    });
  });
  return out;
}

/** Spam messages have no department label, hence no out-of-fold department prediction. */
function spamDepartmentGuess(model: ClassifierModel): Float64Array {
  return Float64Array.from(model.department.labels, () => 1 / model.department.labels.length);
}

function report(title: string, evaluated: Evaluated[]): void {
  section(title);
  const labelled = evaluated.map(({ example, decision }) => ({ example, labels: labelsOf(decision) }));
  const department = departmentScores(labelled);
  printScores('Department (messages that are not spam)', department);
  printConfusion(department);
  printScores('Intent', intentScores(labelled));
  const sentiment = classScores(
    evaluated.map(({ example, decision }) => ({ truth: example.sentiment, predicted: decision.sentiment })),
    [...SENTIMENTS],
  );
  printScores('Sentiment', sentiment);
  const toxic = binaryScores(
    evaluated.map(({ example, decision }) => ({ truth: example.toxic, predicted: decision.toxic })),
  );
  console.log(
    `Toxic: precision ${f(toxic.precision)}  recall ${f(toxic.recall)}  F1 ${f(toxic.f1)}  (support ${toxic.support})`,
  );
  const spam = binaryScores(
    evaluated.map(({ example, decision }) => ({
      truth: example.intent === 'spam',
      predicted: decision.intent.code === 'spam',
    })),
  );
  const certain = evaluated.filter(({ decision }) => decision.certainSpam);
  console.log(
    `Spam: precision ${f(spam.precision)}  recall ${f(spam.recall)}  F1 ${f(spam.f1)}  (support ${spam.support}); ` +
      `certain (straight to spam): ${certain.length}, of which right ${certain.filter(({ example }) => example.intent === 'spam').length}`,
  );
  const languages = classScores(
    evaluated.map(({ example, decision }) => ({ truth: example.language, predicted: decision.language })),
  );
  console.log(
    `Language: accuracy ${f(languages.accuracy)}; recall per language: ` +
      languages.labels
        .filter((label) => label.support > 0)
        .map((label) => `${label.label} ${f(label.recall)} (${label.support})`)
        .join(', '),
  );

  console.log('\nCalibration by confidence band (share right among messages in the band):');
  for (const [name, items] of [
    [
      'department',
      evaluated
        .filter(({ example, decision }) => example.intent !== 'spam' && decision.department.code !== null)
        .map(({ example, decision }) => ({
          confidence: decision.department.confidence,
          correct: example.department === decision.department.code,
        })),
    ],
    [
      'intent',
      evaluated.map(({ example, decision }) => ({
        confidence: decision.intent.confidence,
        correct: example.intent === decision.intent.code,
      })),
    ],
  ] as const) {
    const bands = calibrationBands([...items]);
    console.log(
      `  ${name.padEnd(10)} ` +
        bands
          .filter((band) => band.count > 0)
          .map(
            (band) =>
              `[${band.from.toFixed(2)},${band.to.toFixed(2)}) n=${band.count} conf=${f(band.meanConfidence)} right=${f(band.accuracy)}`,
          )
          .join(' | '),
    );
    const sure = items.filter((item) => item.confidence >= 0.9);
    console.log(
      `  ${''.padEnd(10)} confidence ≥ 0.9: ${sure.length} messages, ${pct(sure.filter((item) => item.correct).length / Math.max(sure.length, 1))} right`,
    );
  }

  console.log('\nAuto-routing curve (one threshold for department and intent; other review reasons apply):');
  const items = routingItems(evaluated);
  for (const point of routingCurve(items)) {
    console.log(
      `  threshold ${point.threshold.toFixed(2)}: ${pct(point.automatic)} skip review, department+intent right ${pct(point.precision)}`,
    );
  }
  const atDefaults = evaluated.filter(({ decision }) => !decision.needsReview || decision.certainSpam);
  console.log(
    `  at the default thresholds: ${pct(atDefaults.length / evaluated.length)} skip review ` +
      `(certain spam included), right ${pct(atDefaults.filter(({ example, decision }) => pairRight(example, labelsOf(decision))).length / Math.max(atDefaults.length, 1))}`,
  );
  const reasons = new Map<string, number>();
  for (const { decision } of evaluated)
    for (const reason of decision.explanation.reviewReasons)
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  console.log(`  review reasons: ${[...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ')}`);
}

/**
 * The second labeller's labels and the model's decisions, each scored against the held-out labels:
 * on every message, and on those the second labeller was sure of.
 */
function compareWithSecondLabeller(evaluated: Evaluated[]): void {
  const second = loadSecondLabels();
  if (second.length !== evaluated.length)
    throw new Error('second-labels.jsonl does not match the held-out file');
  console.log(`${''.padEnd(30)}${'department'.padEnd(12)}${'intent'.padEnd(10)}department+intent`);
  console.log(`${''.padEnd(30)}${'macro-F1'.padEnd(12)}${'macro-F1'.padEnd(10)}right`);
  for (const [subset, indices] of [
    ['every message', second.map((_, i) => i)],
    ['second labeller sure', second.flatMap((label, i) => (label.sure ? [i] : []))],
  ] as const) {
    console.log(`${subset} (${indices.length} messages)`);
    for (const [name, labelsAt] of [
      ['second labeller', (i: number): Labels => second[i]],
      ['model', (i: number): Labels => labelsOf(evaluated[i].decision)],
    ] as const) {
      const labelled = indices.map((i) => ({ example: evaluated[i].example, labels: labelsAt(i) }));
      const right = labelled.filter(({ example, labels }) => pairRight(example, labels)).length;
      console.log(
        `  ${name.padEnd(28)}${f(departmentScores(labelled).macroF1).padEnd(12)}` +
          `${f(intentScores(labelled).macroF1).padEnd(10)}${pct(right / labelled.length)}`,
      );
    }
  }
}

interface Labelled {
  example: ShippedExample;
  labels: Labels;
}

/** Department scores over the messages that are not spam (spam has no department). */
function departmentScores(labelled: Labelled[]): ClassScores {
  return classScores(
    labelled
      .filter(({ example }) => example.intent !== 'spam')
      .map(({ example, labels }) => ({
        truth: example.department ?? 'none',
        predicted: labels.department ?? 'none',
      })),
    [...CODES, 'none'],
  );
}

function intentScores(labelled: Labelled[]): ClassScores {
  return classScores(
    labelled.map(({ example, labels }) => ({ truth: example.intent, predicted: labels.intent })),
    [...INTENTS],
  );
}

function labelsOf(decision: Decision): Labels {
  return { department: decision.department.code, intent: decision.intent.code };
}

function pairRight(example: ShippedExample, labels: Labels): boolean {
  return (
    example.intent === labels.intent &&
    (example.intent === 'spam' || example.department === labels.department)
  );
}

function routingItems(evaluated: Evaluated[]): RoutingItem[] {
  return evaluated.map(({ example, decision }) => {
    const other = decision.explanation.reviewReasons.some(
      (reason) => reason !== 'department-unsure' && reason !== 'intent-unsure',
    );
    return {
      departmentConfidence: decision.certainSpam ? 1 : decision.department.confidence,
      intentConfidence: decision.intent.confidence,
      otherReasons: other && !decision.certainSpam,
      correct: pairRight(example, labelsOf(decision)),
    };
  });
}

function chooseThreshold(items: RoutingItem[]) {
  return routingCurve(items).find((point) => point.precision >= 0.97);
}

function compareMethods(
  train: ShippedExample[],
  heldOut: ShippedExample[],
  lrHeldOut: Evaluated[],
  lrCv: Evaluated[],
): void {
  const nbHeldOut = naiveBayesRun(train, heldOut);
  const fold = foldsOf(train.length, FOLDS);
  const nbCv: Record<string, Array<{ truth: string | undefined; predicted: string }>> = {
    department: [],
    intent: [],
    sentiment: [],
    toxic: [],
  };
  for (let k = 0; k < FOLDS; k++) {
    const run = naiveBayesRun(
      train.filter((_, i) => fold[i] !== k),
      train.filter((_, i) => fold[i] === k),
    );
    for (const name of Object.keys(nbCv)) nbCv[name].push(...run[name]);
  }
  const lr = (evaluated: Evaluated[]) => ({
    department: classScores(
      evaluated
        .filter(({ example }) => example.intent !== 'spam')
        .map(({ example, decision }) => ({
          truth: example.department ?? 'none',
          predicted: decision.department.code ?? 'none',
        })),
    ).macroF1,
    intent: classScores(
      evaluated.map(({ example, decision }) => ({ truth: example.intent, predicted: decision.intent.code })),
    ).macroF1,
    sentiment: classScores(
      evaluated.map(({ example, decision }) => ({ truth: example.sentiment, predicted: decision.sentiment })),
    ).macroF1,
    toxic: binaryScores(
      evaluated.map(({ example, decision }) => ({ truth: example.toxic, predicted: decision.toxic })),
    ).f1,
  });
  const nb = (pairs: Record<string, Array<{ truth: string | undefined; predicted: string }>>) => ({
    department: classScores(pairs.department).macroF1,
    intent: classScores(pairs.intent).macroF1,
    sentiment: classScores(pairs.sentiment).macroF1,
    toxic: binaryScores(
      pairs.toxic.map((p) => ({ truth: p.truth === 'true', predicted: p.predicted === 'true' })),
    ).f1,
  });
  const rows: Array<[string, Record<string, number>]> = [
    ['logistic regression, held-out', lr(lrHeldOut)],
    ['naive Bayes,         held-out', nb(nbHeldOut)],
    ['logistic regression, cross-val', lr(lrCv)],
    ['naive Bayes,         cross-val', nb(nbCv)],
  ];
  console.log(`${''.padEnd(32)}department  intent  sentiment  toxic(F1)`);
  for (const [name, scores] of rows) {
    console.log(
      `${name.padEnd(32)}${f(scores.department).padEnd(12)}${f(scores.intent).padEnd(8)}${f(scores.sentiment).padEnd(11)}${f(scores.toxic)}`,
    );
  }
  console.log(
    '(naive Bayes: multinomial, alpha 0.1, without the lexicon overrides and calibration of the service)',
  );
}

/** Multinomial naive Bayes on the same hashed features: predictions for `test`, per head. */
function naiveBayesRun(train: ShippedExample[], test: ShippedExample[]) {
  const trainFeatures = train.map((example) => messageFeatures(example));
  const table = new FeatureTable();
  const vectors = trainFeatures.map((features) => toRows(table, features.vector, true));
  const heads = {
    department: {
      labels: [...CODES],
      of: (e: ShippedExample) => (e.intent === 'spam' || !e.department ? -1 : CODES.indexOf(e.department)),
    },
    intent: { labels: [...INTENTS] as string[], of: (e: ShippedExample) => INTENTS.indexOf(e.intent) },
    sentiment: {
      labels: [...SENTIMENTS] as string[],
      of: (e: ShippedExample) => SENTIMENTS.indexOf(e.sentiment),
    },
    toxic: { labels: ['false', 'true'], of: (e: ShippedExample) => (e.toxic ? 1 : 0) },
  };
  const testVectors = test.map((example) => toRows(table, messageFeatures(example).vector));
  const out: Record<string, Array<{ truth: string | undefined; predicted: string }>> = {};
  for (const [name, head] of Object.entries(heads)) {
    const set: TrainingSet = {
      vectors,
      labels: Int32Array.from(train, head.of),
      weights: new Float32Array(train.length).fill(1),
    };
    const model = trainNaiveBayes(set, head.labels, table.size);
    out[name] = test
      .map((example, i) => {
        const truthIndex = head.of(example);
        return {
          truth: truthIndex >= 0 ? head.labels[truthIndex] : undefined,
          predicted: head.labels[argmax(naiveBayesScores(model, testVectors[i]))],
        };
      })
      .filter((pair) => pair.truth !== undefined);
  }
  return out;
}

function printScores(title: string, scores: ClassScores): void {
  console.log(`\n${title}: macro-F1 ${f(scores.macroF1)}, accuracy ${f(scores.accuracy)}`);
  console.log(`  ${'label'.padEnd(16)}precision  recall  F1     support`);
  for (const label of scores.labels) {
    if (label.support === 0 && label.precision === 0) continue;
    console.log(
      `  ${label.label.padEnd(16)}${f(label.precision).padEnd(11)}${f(label.recall).padEnd(8)}${f(label.f1).padEnd(7)}${label.support}`,
    );
  }
}

function printConfusion(scores: ClassScores): void {
  const labels = Object.keys(scores.confusion).filter(
    (label) =>
      Object.values(scores.confusion[label]).some((n) => n > 0) ||
      Object.values(scores.confusion).some((row) => (row[label] ?? 0) > 0),
  );
  const short = (label: string) => label.slice(0, 6);
  console.log(`\n  confusion (rows: truth, columns: predicted)`);
  console.log(`  ${''.padEnd(16)}${labels.map((label) => short(label).padStart(7)).join('')}`);
  for (const truth of labels) {
    console.log(
      `  ${truth.padEnd(16)}${labels.map((label) => String(scores.confusion[truth]?.[label] ?? 0).padStart(7)).join('')}`,
    );
  }
}

function section(title: string): void {
  console.log(`\n${'='.repeat(100)}\n${title}\n${'='.repeat(100)}`);
}

function f(value: number): string {
  return value.toFixed(3);
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export type { Thresholds };

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
