import type { Platform } from './incoming-delivery.js';
import { normaliseFacebook } from './normalise-facebook.util.js';
import { normaliseTwitter } from './normalise-twitter.util.js';
import type { NormalisedDelivery, NormalisedEvent } from './normalised-event.js';

export interface StoredDelivery {
  platform: Platform;
  source: 'webhook' | 'poll';
  channelExternalId: string;
  body: string;
}

/** The body is not JSON: processing it again cannot help. */
export class MalformedDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedDeliveryError';
  }
}

/** A stored delivery → its events for the delivery's channel, oldest first (platform time, not arrival). */
export function normaliseDelivery(delivery: StoredDelivery): NormalisedDelivery {
  let body: unknown;
  try {
    body = JSON.parse(delivery.body);
  } catch {
    throw new MalformedDeliveryError('body is not valid JSON');
  }
  const result =
    delivery.platform === 'facebook'
      ? normaliseFacebook(body, delivery.channelExternalId)
      : normaliseTwitter(body, delivery.channelExternalId, delivery.source);
  return { events: inPlatformOrder(result.events), ignored: result.ignored };
}

/** Stable: events of the same instant keep the order the platform listed them in. */
export function inPlatformOrder(events: NormalisedEvent[]): NormalisedEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
}
