import type { Platform } from '../intake/incoming-delivery.js';

export const INTENTS = ['request', 'report', 'opinion', 'spam'] as const;
export type Intent = (typeof INTENTS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface ClassificationInput {
  text: string;
  /** The post a comment answers, when known: used when the text alone is too short. */
  context?: string;
  platform?: Platform;
}

/** A span of personal data found in the text (offsets in UTF-16 code units, end exclusive). */
export interface PersonalDataSpan {
  kind: 'phone' | 'email' | 'address' | 'iban' | 'nir' | 'birthdate';
  start: number;
  end: number;
}

export interface Place {
  kind: 'commune' | 'road';
  /** As written in the text. */
  text: string;
  /** Commune: official name; road: normalised reference such as "RD 204". */
  name: string;
  /** Commune: INSEE code. */
  code?: string;
}

/** The answer of api.md's POST /api/classify, plus what intake and the inbox use. */
export interface Classification {
  department: { code: string | null; confidence: number };
  intent: { code: Intent; confidence: number };
  sentiment: Sentiment;
  toxic: boolean;
  language: string;
  needsReview: boolean;
  /** Why: the words or features that weighed most. */
  explanation: { department: string[]; intent: string[]; reviewReasons: string[] };
  places: Place[];
  personalData: PersonalDataSpan[];
  /** Version of the organisation's model that answered. */
  modelVersion: string;
}
