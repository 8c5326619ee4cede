import { describe, expect, it } from '@jest/globals';
import { commentOf, demoMessage, demoResident, type DemoMessage } from './demo-messages.util.js';
import { loadDemoSamples } from './demo-samples.js';

/** A small deterministic generator (mulberry32), so the mix is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = { pageId: '100000000000001', xUserId: '1111111111111111111', xUsername: 'CD_ValdOrme' };

describe('demo messages', () => {
  const samples = loadDemoSamples();

  it('reads the shipped training texts', () => {
    expect(samples.length).toBeGreaterThan(1000);
    expect(samples.every((sample) => sample.text.trim().length > 0)).toBe(true);
    expect(samples.some((sample) => sample.context)).toBe(true);
  });

  it('makes every kind of message, from varied residents, with the data’s texts', () => {
    const random = seeded(42);
    const messages: DemoMessage[] = [];
    const comments = [];
    for (let i = 0; i < 300; i++) {
      const message = demoMessage(samples[Math.floor(random() * samples.length)], ACCOUNTS, random, comments);
      const comment = commentOf(message);
      if (comment) comments.push(comment);
      messages.push(message);
    }
    expect(new Set(messages.map((message) => message.kind))).toEqual(
      new Set(['comment', 'reply', 'post', 'messenger', 'mention', 'dm']),
    );
    expect(new Set(messages.map((message) => message.author)).size).toBeGreaterThan(100);
    const texts = new Set(samples.map((sample) => sample.text));
    for (const message of messages) {
      const bare = message.text.replace(/^@CD_ValdOrme /, '');
      expect(
        texts.has(message.text) || texts.has(bare) || [...texts].some((text) => text.endsWith(bare)),
      ).toBe(true);
    }
  });

  it('addresses the page and the account, and mentions the account in mentions', () => {
    const random = seeded(7);
    for (let i = 0; i < 100; i++) {
      const message = demoMessage(samples[i * 7], ACCOUNTS, random);
      const json = JSON.stringify(message.payload);
      if (message.platform === 'facebook') {
        expect(json).toContain(`"id":"${ACCOUNTS.pageId}"`);
      } else {
        expect(json).toContain(`"for_user_id":"${ACCOUNTS.xUserId}"`);
      }
      if (message.kind === 'mention') expect(message.text).toContain('@CD_ValdOrme');
      if (message.kind === 'dm') expect(message.text.startsWith('@')).toBe(false);
    }
  });

  it('puts comments with the same context under the same post', () => {
    const withContext = samples.filter((sample) => sample.context && sample.platform === 'facebook');
    const [a, b] = withContext.filter((sample) => sample.context === withContext[0].context);
    const random = seeded(1);
    const first = commentOf(demoMessage(a, ACCOUNTS, random));
    const second = commentOf(demoMessage(b ?? a, ACCOUNTS, random));
    expect(first?.postId).toBeDefined();
    expect(first?.postId).toBe(second?.postId);
  });

  it('gives a resident the same ids every time', () => {
    const one = demoResident(() => 0.5);
    const again = demoResident(() => 0.5);
    expect(again).toEqual(one);
    expect(one.facebookId).toMatch(/^\d{16}$/);
    expect(one.xId).toMatch(/^\d{18}$/);
    expect(one.username).toMatch(/^[a-z0-9]+$/);
  });
});
