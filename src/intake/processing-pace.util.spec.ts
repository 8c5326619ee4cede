import { describe, expect, it } from '@jest/globals';
import { eachLimited, parallelism, SATURATED } from './processing-pace.util.js';

describe('processing pace', () => {
  it('processes a batch side by side unless the event loop is saturated', () => {
    expect(parallelism(0.3, 8)).toBe(8);
    expect(parallelism(SATURATED, 8)).toBe(8);
    expect(parallelism(0.95, 8)).toBe(2);
    expect(parallelism(0.95, 1)).toBe(1);
    expect(parallelism(0.1, 0)).toBe(1);
  });

  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(item);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
