import type { Classification, Intent, Sentiment } from './classification.types.js';
import { certainSpamPatterns } from './lexicons.util.js';
import { explain, OTHER_DEPARTMENT, type ClassifierModel, type Prediction } from './text-classifier.util.js';

/** Below these confidences a message goes to a person (an organisation may set its own). */
export interface Thresholds {
  department: number;
  intent: number;
}

/**
 * Defaults chosen on the 5-fold cross-validation of the shipped data (`npm run eval:classifier`,
 * auto-routing curve), not on the held-out file: at 0.8 about 64 % of messages skip review and
 * their department-and-intent pair is right about 94 % of the time. A stricter threshold trades
 * volume for precision (0.95: 45 % skip review, 97 % right). Per-department thresholds, separate
 * department and intent thresholds, a top-two margin and agreement with naive Bayes were measured
 * on the same out-of-fold predictions: none lets more than one point more skip review at the same
 * precision (per-department thresholds chosen for 97 % give 96 % on the held-out file).
 */
export const DEFAULT_THRESHOLDS: Thresholds = { department: 0.8, intent: 0.8 };

/** Spam at least this likely, with a scam pattern or a near-certain model, goes straight to spam. */
export const CERTAIN_SPAM = 0.9;
export const NEAR_CERTAIN_SPAM = 0.97;
/** Spam at least this likely (even when another intent wins) sends the message to review. */
export const POSSIBLE_SPAM = 0.2;
/**
 * Toxic from this probability (or a threat or strong insult from the lexicon): the best F1 on the
 * cross-validated predictions of the shipped data (0.35: F1 0.89; 0.5: 0.88, fewer found).
 */
export const TOXIC_PROBABILITY = 0.35;

export type ReviewReason =
  | 'empty'
  | 'department-unsure'
  | 'intent-unsure'
  | 'no-department'
  | 'toxic'
  | 'not-french'
  | 'possible-spam';

export type Decision = Omit<Classification, 'places' | 'personalData' | 'modelVersion'> & {
  explanation: Classification['explanation'] & { reviewReasons: ReviewReason[] };
  /** Intent spam and sure of it: the intake side sets the ticket's status to `spam`. */
  certainSpam: boolean;
};

export interface DecisionOptions {
  thresholds: Thresholds;
  /** The organisation's active departments: any other code the model knows becomes null. */
  departments: ReadonlySet<string>;
  /** The text has no letter or digit (emojis only, marks, nothing). */
  empty?: boolean;
  /** False: skip the explanation (evaluation of thousands of messages). */
  explain?: boolean;
}

/** The token of irony's emojis (🙄 😒 🤡 😏 🙃, text-normalisation.util.ts). */
const IRONY = 'emo_ironie';

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

  const worded = prediction.sentiment.labels[prediction.sentiment.best] as Sentiment;
  // « merci pour la route toute neuve, une vraie piste de ski 🙄 »: the words praise, the emoji says
  // the opposite is meant. Every message of the training data with one of irony's emojis is negative
  // or neutral, none positive; the model, weighing words against one emoji, still says positive.
  const sentiment = worded === 'positive' && prediction.features.tokens.includes(IRONY) ? 'negative' : worded;
  const explaining = options.explain !== false;
  const departmentWords =
    explaining && department.code !== null && departmentIndex >= 0
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
    explanation: {
      department: departmentWords,
      intent: explaining ? explain(model, model.intent, prediction, intentIndex) : [],
      reviewReasons: reasons,
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
