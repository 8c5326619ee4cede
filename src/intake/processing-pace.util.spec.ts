import { describe, expect, it } from '@jest/globals';
import {
  ACKNOWLEDGEMENTS_FIRST,
  AcknowledgementsFirst,
  afterAcknowledgements,
  LONGEST_STEP_BACK_MS,
  RecentPeak,
} from './processing-pace.util.js';

describe('processing pace', () => {
  const clock = () => {
    const slept: number[] = [];
    return { slept, sleep: async (ms: number) => void slept.push(ms) };
  };

  it('goes at once while few acknowledgements wait', async () => {
    const { slept, sleep } = clock();
    await afterAcknowledgements(() => ACKNOWLEDGEMENTS_FIRST - 1, sleep);
    expect(slept).toEqual([]);
  });

  it('steps back while acknowledgements wait, until they are done', async () => {
    const { slept, sleep } = clock();
    const waiting = [ACKNOWLEDGEMENTS_FIRST * 2, ACKNOWLEDGEMENTS_FIRST + 1, ACKNOWLEDGEMENTS_FIRST, 3];
    await afterAcknowledgements(() => waiting.shift()!, sleep);
    expect(slept).toHaveLength(3);
    expect(waiting).toEqual([]);
  });

  it('never steps back longer than the longest step back', async () => {
    const { slept, sleep } = clock();
    await afterAcknowledgements(() => 1000, sleep);
    expect(slept.reduce((sum, ms) => sum + ms, 0)).toBe(LONGEST_STEP_BACK_MS);
  });

  it('gives turns at once when quiet, and single file under pressure', async () => {
    let waiting = 0;
    const order: string[] = [];
    const pace = new AcknowledgementsFirst(
      () => waiting,
      async () => {
        order.push('sleep');
        waiting = 0;
      },
    );
    await pace.turn();
    expect(order).toEqual([]);
    waiting = ACKNOWLEDGEMENTS_FIRST;
    const turns = [1, 2].map((i) => pace.turn().then(() => order.push(`turn ${i}`)));
    await Promise.all(turns);
    expect(order).toEqual(['sleep', 'turn 1', 'turn 2']);
  });

  it('remembers the peak of the last window, not a trough between waves', () => {
    let now = 0;
    const peak = new RecentPeak(200, () => now);
    for (let i = 0; i < 40; i++) peak.up();
    for (let i = 0; i < 38; i++) peak.down();
    expect(peak.value).toBe(40);
    now = 150;
    peak.up();
    expect(peak.value).toBe(40);
    now = 250;
    expect(peak.value).toBe(3);
    peak.down();
    expect(peak.value).toBe(2);
  });
});
