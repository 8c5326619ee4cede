import type { NormalisedEvent } from '../../src/intake/normalised-event.js';

/** A normalised event for unit specs: by default resident r1's top-level comment c1 on post page_p1. */
export const normalisedEvent = (overrides: Partial<NormalisedEvent> = {}): NormalisedEvent => ({
  platform: 'facebook',
  kind: 'comment',
  action: 'add',
  externalId: 'c1',
  dedupeKey: 'c1',
  author: { platformId: 'r1', name: 'Rita', handle: null },
  text: 'x',
  attachments: [],
  at: new Date('2026-03-01T10:00:00Z'),
  own: false,
  channelExternalId: 'page',
  residentId: null,
  postExternalId: 'page_p1',
  parentExternalId: 'page_p1',
  rootExternalId: 'c1',
  conversationId: null,
  permalink: null,
  ...overrides,
});
