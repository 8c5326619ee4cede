import {
  decide,
  DEFAULT_THRESHOLDS,
  type Decision,
  type Thresholds,
} from './classification-decision.util.js';
import { predict, type ClassifierModel, type LabelledMessage } from './text-classifier.util.js';

/**
 * Metrics of the evaluation: per-label precision, recall and F1, macro-F1, confusion matrices,
 * calibration by confidence band and the auto-routing curve. Pure functions.
 */

export interface LabelScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassScores {
  labels: LabelScores[];
  macroF1: number;
  accuracy: number;
  /** confusion[truth][predicted] = count */
  confusion: Record<string, Record<string, number>>;
}

/** Scores of predicted against true labels (pairs whose truth is undefined are skipped). */
export function classScores(
  pairs: Array<{ truth: string | undefined; predicted: string }>,
  labelOrder?: string[],
): ClassScores {
  const used = pairs.filter((p): p is { truth: string; predicted: string } => p.truth !== undefined);
  const labels = labelOrder ?? [...new Set(used.flatMap((p) => [p.truth, p.predicted]))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const truth of labels) confusion[truth] = Object.fromEntries(labels.map((label) => [label, 0]));
  let correct = 0;
  for (const { truth, predicted } of used) {
    confusion[truth] ??= {};
    confusion[truth][predicted] = (confusion[truth][predicted] ?? 0) + 1;
    if (truth === predicted) correct++;
  }
  const scores = labels.map((label) => {
    const tp = used.filter((p) => p.truth === label && p.predicted === label).length;
    const predicted = used.filter((p) => p.predicted === label).length;
    const support = used.filter((p) => p.truth === label).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = scores.filter((s) => s.support > 0);
  return {
    labels: scores,
    macroF1: present.length ? present.reduce((sum, s) => sum + s.f1, 0) / present.length : 0,
    accuracy: used.length ? correct / used.length : 0,
    confusion,
  };
}

/** Precision, recall and F1 of one positive class of a binary decision. */
export function binaryScores(pairs: Array<{ truth: boolean; predicted: boolean }>): LabelScores {
  const tp = pairs.filter((p) => p.truth && p.predicted).length;
  const predicted = pairs.filter((p) => p.predicted).length;
  const support = pairs.filter((p) => p.truth).length;
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  return {
    label: 'true',
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    support,
  };
}

export interface CalibrationBand {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Accuracy per confidence band: a calibrated model is right about as often as it says. */
export function calibrationBands(
  items: Array<{ confidence: number; correct: boolean }>,
  edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001],
): CalibrationBand[] {
  const bands: CalibrationBand[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const inside = items.filter((item) => item.confidence >= edges[i] && item.confidence < edges[i + 1]);
    bands.push({
      from: edges[i],
      to: Math.min(edges[i + 1], 1),
      count: inside.length,
      meanConfidence: inside.length ? inside.reduce((s, item) => s + item.confidence, 0) / inside.length : 0,
      accuracy: inside.length ? inside.filter((item) => item.correct).length / inside.length : 0,
    });
  }
  return bands;
}

export interface RoutingPoint {
  threshold: number;
  /** Share of messages that skip review at this threshold. */
  automatic: number;
  /** Among them, share whose department and intent are both right. */
  precision: number;
}

export interface RoutingItem {
  departmentConfidence: number;
  intentConfidence: number;
  /** Review for reasons other than confidence (toxic, not French, possible spam…). */
  otherReasons: boolean;
  correct: boolean;
}

/** The auto-routing curve: one threshold for both confidences, from strict to lax. */
export function routingCurve(items: RoutingItem[], thresholds = range(0.3, 0.96, 0.05)): RoutingPoint[] {
  return thresholds.map((threshold) => {
    const automatic = items.filter(
      (item) =>
        !item.otherReasons && item.departmentConfidence >= threshold && item.intentConfidence >= threshold,
    );
    return {
      threshold,
      automatic: items.length ? automatic.length / items.length : 0,
      precision: automatic.length ? automatic.filter((item) => item.correct).length / automatic.length : 0,
    };
  });
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to + 1e-9; value += step) out.push(Math.round(value * 100) / 100);
  return out;
}

/** What the evaluation of one model on labelled messages needs. */
export interface EvaluatedMessage {
  example: LabelledMessage;
  decision: Decision;
}

export function decideAll(
  model: ClassifierModel,
  examples: LabelledMessage[],
  departments: ReadonlySet<string>,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): EvaluatedMessage[] {
  return examples.map((example) => ({
    example,
    decision: decide(model, predict(model, example), { thresholds, departments }),
  }));
}

export interface Summary {
  departmentMacroF1: number;
  intentMacroF1: number;
  sentimentMacroF1: number;
  toxicF1: number;
  score: number;
}

/**
 * The four headline figures of evaluated messages. The true department of a message about a
 * department the organisation does not have is "none" (null), as the decision gives it.
 */
export function summarise(evaluated: EvaluatedMessage[], departments: ReadonlySet<string>): Summary {
  const department = classScores(
    evaluated
      .filter(({ example }) => example.department !== undefined && example.intent !== 'spam')
      .map(({ example, decision }) => ({
        truth: example.department && departments.has(example.department) ? example.department : 'none',
        predicted: decision.department.code ?? 'none',
      })),
  );
  const intent = classScores(
    evaluated.map(({ example, decision }) => ({ truth: example.intent, predicted: decision.intent.code })),
  );
  const sentiment = classScores(
    evaluated.map(({ example, decision }) => ({ truth: example.sentiment, predicted: decision.sentiment })),
  );
  const toxic = binaryScores(
    evaluated
      .filter(({ example }) => example.toxic !== undefined)
      .map(({ example, decision }) => ({ truth: example.toxic === true, predicted: decision.toxic })),
  );
  const summary = {
    departmentMacroF1: department.macroF1,
    intentMacroF1: intent.macroF1,
    sentimentMacroF1: sentiment.macroF1,
    toxicF1: toxic.f1,
  };
  return {
    ...summary,
    score:
      (summary.departmentMacroF1 + summary.intentMacroF1 + summary.sentimentMacroF1 + summary.toxicF1) / 4,
  };
}

/** A new model replaces the one in use unless its score is lower by more than this. */
export const TOLERANCE = 0.005;
/** When the departments changed, the model in use cannot answer the new ones: allow more. */
export const TAXONOMY_TOLERANCE = 0.05;

/**
 * Whether a retrained model replaces the one in use: "not worse" on the same evaluation messages,
 * within a small tolerance for training noise (a larger one when the departments changed, since
 * the model in use cannot route to the new ones at all).
 */
export function acceptsCandidate(candidate: number, inUse: number | null, taxonomyChanged: boolean): boolean {
  if (inUse === null) return true;
  return candidate >= inUse - (taxonomyChanged ? TAXONOMY_TOLERANCE : TOLERANCE);
}
