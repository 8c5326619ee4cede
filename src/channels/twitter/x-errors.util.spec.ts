import { describe, expect, it } from '@jest/globals';
import { classifyXError, parseXRateLimit, xWaitSeconds } from './x-errors.util.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];
const NOW = 1_800_000_000;

describe('parseXRateLimit', () => {
  it('reads the 15-minute window', () => {
    expect(
      parseXRateLimit(
        headers({
          'x-rate-limit-limit': '300',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': `${NOW + 30}`,
        }),
      ),
    ).toEqual({ limit: 300, remaining: 0, reset: NOW + 30 });
  });

  it('keeps the 24-hour window that runs out first', () => {
    expect(
      parseXRateLimit(
        headers({
          'x-user-limit-24hour-remaining': '0',
          'x-user-limit-24hour-reset': `${NOW + 3600}`,
          'x-app-limit-24hour-remaining': '500',
          'x-app-limit-24hour-reset': `${NOW + 60}`,
        }),
      ),
    ).toEqual({ dayRemaining: 0, dayReset: NOW + 3600 });
  });

  it('ignores missing and malformed headers', () => {
    expect(parseXRateLimit(headers({ 'x-rate-limit-reset': 'soon' }))).toEqual({});
  });
});

describe('xWaitSeconds', () => {
  it('waits for the day window when it is empty, rather than spinning on the short one', () => {
    expect(
      xWaitSeconds({ remaining: 10, reset: NOW + 30, dayRemaining: 0, dayReset: NOW + 7200 }, NOW, false),
    ).toBe(7200);
  });

  it('waits for the short window when exhausted, at least one second', () => {
    expect(xWaitSeconds({ remaining: 0, reset: NOW + 30 }, NOW, false)).toBe(30);
    expect(xWaitSeconds({ remaining: 0, reset: NOW - 5 }, NOW, false)).toBe(1);
  });

  it('does not wait while calls remain', () => {
    expect(xWaitSeconds({ remaining: 12, reset: NOW + 30 }, NOW, false)).toBeUndefined();
  });
});

describe('classifyXError', () => {
  it('reads a refused token from 401', () => {
    expect(
      classifyXError(401, { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank' }, {}, NOW),
    ).toMatchObject({
      tokenRefused: true,
      retryable: false,
    });
  });

  it('waits until x-rate-limit-reset on 429, in both body shapes', () => {
    const limit = { remaining: 0, reset: NOW + 42 };
    expect(classifyXError(429, { title: 'Too Many Requests' }, limit, NOW)).toMatchObject({
      retryable: true,
      rateLimited: true,
      retryAfterSeconds: 42,
    });
    expect(
      classifyXError(429, { errors: [{ code: 88, message: 'Rate limit exceeded' }] }, limit, NOW),
    ).toMatchObject({
      retryable: true,
      retryAfterSeconds: 42,
      message: 'Rate limit exceeded',
      code: 88,
    });
    expect(classifyXError(429, undefined, {}, NOW).retryAfterSeconds).toBe(60);
  });

  it('does not retry a capped usage', () => {
    expect(
      classifyXError(
        429,
        { type: 'https://api.x.com/2/problems/usage-capped', title: 'UsageCapExceeded' },
        {},
        NOW,
      ).retryable,
    ).toBe(false);
  });

  it('recognises duplicate content (v2 403 and v1.1 187) and never retries it', () => {
    expect(
      classifyXError(
        403,
        {
          detail: 'You are not allowed to create a Tweet with duplicate content.',
          type: 'about:blank',
          title: 'Forbidden',
        },
        {},
        NOW,
      ),
    ).toMatchObject({ duplicate: true, retryable: false });
    expect(
      classifyXError(403, { errors: [{ code: 187, message: 'Status is a duplicate.' }] }, {}, NOW).duplicate,
    ).toBe(true);
  });

  it('retries 5xx, not 400, 403 or 404', () => {
    expect(classifyXError(503, undefined, {}, NOW).retryable).toBe(true);
    for (const status of [400, 403, 404])
      expect(classifyXError(status, { title: 'x' }, {}, NOW).retryable).toBe(false);
  });
});
