import type { Classification, Intent, Sentiment } from './classification.types.js';
import { certainSpamPatterns } from './lexicons.util.js';
import { explain, OTHER_DEPARTMENT, type ClassifierModel, type Prediction } from './text-classifier.util.js';

/** Below these confidences a message goes to a person (an organisation may set its own). */
export interface Thresholds {
  department: number;
  intent: number;
}

/**
 * Defaults chosen from the cross-validated evaluation of the shipped data (`npm run
 * eval:classifier`, auto-routing curve): the point where the department-and-intent pair of the
 * messages that skip review is right about 97 % of the time while most messages skip review.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { department: 0.6, intent: 0.6 };

/** Spam at least this likely, with a scam pattern or a near-certain model, goes straight to spam. */
export const CERTAIN_SPAM = 0.9;
export const NEAR_CERTAIN_SPAM = 0.97;
/** Spam at least this likely (even when another intent wins) sends the message to review. */
export const POSSIBLE_SPAM = 0.2;
/** Toxic from this probability (or a threat or strong insult from the lexicon). */
export const TOXIC_PROBABILITY = 0.5;

export type ReviewReason =
  | 'empty'
  | 'department-unsure'
  | 'intent-unsure'
  | 'no-department'
  | 'toxic'
  | 'not-french'
  | 'possible-spam';

export type Decision = Omit<Classification, 'places' | 'personalData' | 'modelVersion'> & {
  reviewReasons: ReviewReason[];
  /** Intent spam and sure of it: the intake side sets the ticket's status to `spam`. */
  certainSpam: boolean;
};

export interface DecisionOptions {
  thresholds: Thresholds;
  /** The organisation's active departments: any other code the model knows becomes null. */
  departments: ReadonlySet<string>;
  /** The text has no letter or digit (emojis only, marks, nothing). */
  empty?: boolean;
}

/** Labels, confidences, review and explanation of one message from the model's prediction. */
export function decide(model: ClassifierModel, prediction: Prediction, options: DecisionOptions): Decision {
  const reasons: ReviewReason[] = [];
  if (options.empty) reasons.push('empty');

  const intentIndex = prediction.intent.best;
  const intent = prediction.intent.labels[intentIndex] as Intent;
  const intentConfidence = prediction.intent.probabilities[intentIndex];
  const spamIndex = prediction.intent.labels.indexOf('spam');
  const spamProbability = spamIndex >= 0 ? prediction.intent.probabilities[spamIndex] : 0;

  const { labels, probabilities } = prediction.department;
  let departmentIndex = -1;
  let outside = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === OTHER_DEPARTMENT || !options.departments.has(labels[i])) {
      outside += probabilities[i];
    } else if (departmentIndex === -1 || probabilities[i] > probabilities[departmentIndex]) {
      departmentIndex = i;
    }
  }
  const bestInside = departmentIndex >= 0 ? probabilities[departmentIndex] : 0;

  let department: Classification['department'];
  let certainSpam = false;
  if (intent === 'spam') {
    department = { code: null, confidence: round(intentConfidence) };
    certainSpam =
      !options.empty &&
      intentConfidence >= CERTAIN_SPAM &&
      (intentConfidence >= NEAR_CERTAIN_SPAM || certainSpamPatterns(prediction.features.signals.spam));
    if (!certainSpam) reasons.push('possible-spam');
  } else {
    if (spamProbability >= POSSIBLE_SPAM) reasons.push('possible-spam');
    if (departmentIndex === -1 || outside > bestInside) {
      department = { code: null, confidence: round(outside) };
      reasons.push('no-department');
    } else {
      department = { code: labels[departmentIndex], confidence: round(bestInside) };
      if (bestInside < options.thresholds.department) reasons.push('department-unsure');
    }
  }
  if (intentConfidence < options.thresholds.intent && !certainSpam) reasons.push('intent-unsure');

  const toxic =
    prediction.toxicProbability >= TOXIC_PROBABILITY || prediction.features.signals.certainlyToxic;
  if (toxic) reasons.push('toxic');
  const language = prediction.language.code;
  if (language !== 'fr') reasons.push('not-french');

  const sentiment = prediction.sentiment.labels[prediction.sentiment.best] as Sentiment;
  const departmentWords =
    department.code !== null && departmentIndex >= 0
      ? explain(model, model.department, prediction, departmentIndex)
      : [];
  return {
    department,
    intent: { code: intent, confidence: round(intentConfidence) },
    sentiment,
    toxic,
    language,
    needsReview: reasons.length > 0,
    certainSpam,
    reviewReasons: reasons,
    explanation: {
      department: departmentWords,
      intent: explain(model, model.intent, prediction, intentIndex),
      reviewReasons: reasons,
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
