import { describe, expect, it } from '@jest/globals';
import type { Classification } from '../classification/classification.types.js';
import { CLASSIFIER_MAX_TEXT, classifierText, labelsOf, statusAfterLabelling } from './labels.util.js';

const classification = (overrides: Partial<Classification> = {}): Classification => ({
  department: { code: 'routes', confidence: 0.8 },
  intent: { code: 'report', confidence: 0.7 },
  sentiment: 'negative',
  toxic: false,
  language: 'fr',
  needsReview: false,
  explanation: { department: [], intent: [], reviewReasons: [] },
  places: [],
  personalData: [],
  modelVersion: 'v1',
  ...overrides,
});

describe('labelling', () => {
  it('takes the lower of the department and intent confidences', () => {
    expect(labelsOf(classification())).toMatchObject({
      departmentCode: 'routes',
      intent: 'report',
      confidence: 0.7,
    });
  });

  it('triages a new ticket, and sets certain spam aside', () => {
    expect(statusAfterLabelling('new', classification())).toBe('triaged');
    expect(statusAfterLabelling('new', classification({ intent: { code: 'spam', confidence: 0.95 } }))).toBe(
      'spam',
    );
  });

  it('leaves unsure spam to a person', () => {
    const unsure = classification({ intent: { code: 'spam', confidence: 0.6 } });
    expect(statusAfterLabelling('new', unsure)).toBe('triaged');
    const flagged = classification({ intent: { code: 'spam', confidence: 0.99 }, needsReview: true });
    expect(statusAfterLabelling('new', flagged)).toBe('triaged');
  });

  it('triages a ticket with nothing to classify (a photo alone)', () => {
    expect(statusAfterLabelling('new', null)).toBe('triaged');
  });

  it('does not move a ticket that is further along', () => {
    expect(
      statusAfterLabelling('forwarded', classification({ intent: { code: 'spam', confidence: 1 } })),
    ).toBe('forwarded');
  });

  it('joins the texts oldest first and keeps the latest part of a long thread', () => {
    expect(classifierText([' un ', '', 'deux'])).toBe('un\ndeux');
    const long = classifierText(['a'.repeat(CLASSIFIER_MAX_TEXT), 'fin']);
    expect(long).toHaveLength(CLASSIFIER_MAX_TEXT);
    expect(long.endsWith('\nfin')).toBe(true);
  });
});
