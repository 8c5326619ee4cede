import type { Classification } from '../classification/classification.types.js';
import type { TicketStatus } from './ticket-status.js';

/** Spam goes aside without a person only when the classifier is this sure and asks for no review. */
export const CERTAIN_SPAM = 0.9;

/** The longest text handed to the classifier (api.md's limit for POST /api/classify). */
export const CLASSIFIER_MAX_TEXT = 20_000;

export interface TicketLabels {
  departmentCode: string | null;
  intent: Classification['intent']['code'];
  sentiment: Classification['sentiment'];
  toxic: boolean;
  language: string;
  confidence: number;
  needsReview: boolean;
}

export function labelsOf(classification: Classification): TicketLabels {
  return {
    departmentCode: classification.department.code,
    intent: classification.intent.code,
    sentiment: classification.sentiment,
    toxic: classification.toxic,
    language: classification.language,
    confidence: Math.min(classification.department.confidence, classification.intent.confidence),
    needsReview: classification.needsReview,
  };
}

export function isCertainSpam(classification: Classification): boolean {
  return (
    classification.intent.code === 'spam' &&
    classification.intent.confidence >= CERTAIN_SPAM &&
    !classification.needsReview
  );
}

/**
 * A ticket waiting in `new` is `triaged` once labelled, or `spam` when certainly so; a ticket
 * further along keeps its status (a new message relabels it, it does not move it back).
 */
export function statusAfterLabelling(
  status: TicketStatus,
  classification: Classification | null,
): TicketStatus {
  if (status !== 'new') return status;
  return classification && isCertainSpam(classification) ? 'spam' : 'triaged';
}

/** The resident's messages as the classifier reads them: oldest first, the latest kept when too long. */
export function classifierText(texts: string[]): string {
  const joined = texts
    .map((text) => text.trim())
    .filter(Boolean)
    .join('\n');
  return joined.length > CLASSIFIER_MAX_TEXT ? joined.slice(joined.length - CLASSIFIER_MAX_TEXT) : joined;
}
