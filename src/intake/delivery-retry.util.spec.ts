import { describe, expect, it } from '@jest/globals';
import { afterFailure } from './delivery-retry.util.js';

describe('afterFailure', () => {
  const policy = { limit: 3, delaySeconds: 2 };

  it('retries with a doubling delay', () => {
    expect([1, 2, 3].map((n) => afterFailure(n, policy))).toEqual([
      { park: false, retryInSeconds: 2 },
      { park: false, retryInSeconds: 4 },
      { park: false, retryInSeconds: 8 },
    ]);
  });

  it('parks the delivery once the retries are spent', () => {
    expect(afterFailure(4, policy)).toEqual({ park: true });
    expect(afterFailure(1, { limit: 0, delaySeconds: 2 })).toEqual({ park: true });
  });

  it('never waits more than ten minutes', () => {
    expect(afterFailure(20, { limit: 30, delaySeconds: 2 })).toEqual({ park: false, retryInSeconds: 600 });
  });
});
