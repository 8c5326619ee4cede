import { describe, expect, it } from '@jest/globals';
import { MalformedDeliveryError, normaliseDelivery } from './normalise.util.js';

describe('normaliseDelivery', () => {
  it('refuses a body that is not JSON', () => {
    expect(() =>
      normaliseDelivery({ platform: 'facebook', source: 'webhook', channelExternalId: '1', body: '{nope' }),
    ).toThrow(MalformedDeliveryError);
  });

  it('orders events by platform time, not by their place in the delivery', () => {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: '1',
          time: 1700000100000,
          messaging: [
            {
              sender: { id: '9' },
              recipient: { id: '1' },
              timestamp: 1700000003000,
              message: { mid: 'm3', text: 'trois' },
            },
            {
              sender: { id: '9' },
              recipient: { id: '1' },
              timestamp: 1700000001000,
              message: { mid: 'm1', text: 'un' },
            },
            {
              sender: { id: '9' },
              recipient: { id: '1' },
              timestamp: 1700000002000,
              message: { mid: 'm2', text: 'deux' },
            },
          ],
        },
      ],
    });
    const { events } = normaliseDelivery({
      platform: 'facebook',
      source: 'webhook',
      channelExternalId: '1',
      body,
    });
    expect(events.map((e) => e.externalId)).toEqual(['m1', 'm2', 'm3']);
  });

  it('reads X deliveries by their source', () => {
    const body = JSON.stringify({
      data: [{ id: '5', author_id: '6', text: 'hé', created_at: '2026-01-01T00:00:00Z' }],
    });
    expect(
      normaliseDelivery({ platform: 'twitter', source: 'poll', channelExternalId: '1', body }).events,
    ).toHaveLength(1);
  });
});
