import { describe, expect, it } from '@jest/globals';
import { featureBucket, hashString, HASH_BITS, messageFeatures, wordBuckets } from './text-features.util.js';

describe('messageFeatures', () => {
  it('is deterministic and stays in the hash space', () => {
    const a = messageFeatures({ text: 'gros nid de poule route de brézé', platform: 'facebook' });
    const b = messageFeatures({ text: 'gros nid de poule route de brézé', platform: 'facebook' });
    expect([...a.vector.indices]).toEqual([...b.vector.indices]);
    expect([...a.vector.values]).toEqual([...b.vector.values]);
    expect(new Set(a.vector.indices).size).toBe(a.vector.indices.length);
    for (const index of a.vector.indices) expect(index).toBeLessThan(2 ** HASH_BITS);
  });

  it('shares most features between a word with and without accents or with a typo', () => {
    const overlap = (x: string, y: string) => {
      const a = new Set(messageFeatures({ text: x }).vector.indices);
      const b = messageFeatures({ text: y }).vector.indices;
      return [...b].filter((index) => a.has(index)).length / b.length;
    };
    expect(overlap('déneigement', 'DENEIGEMENT')).toBe(1);
    expect(overlap('deneigement de la route', 'deneigment de la route')).toBeGreaterThan(0.4);
  });

  it('reads the commented post, and lexicon signals', () => {
    const alone = messageFeatures({ text: 'et pour les 6e ?' });
    const withPost = messageFeatures({
      text: 'et pour les 6e ?',
      context: 'Les horaires des cars scolaires sont en ligne',
    });
    expect(withPost.vector.indices.length).toBeGreaterThan(alone.vector.indices.length);
    const insult = messageFeatures({ text: 'bande d incapables' });
    expect([...insult.vector.indices]).toContain(featureBucket('s:insult'));
  });

  it('has features even for an empty or emoji-only message', () => {
    expect(messageFeatures({ text: '' }).vector.indices.length).toBeGreaterThan(0);
    expect(messageFeatures({ text: '😡' }).tokens).toEqual(['emo_colere']);
  });
});

describe('hashString and wordBuckets', () => {
  it('hashes slices like the whole string and maps word buckets back to words', () => {
    expect(hashString('xabcx', 5, 1, 4)).toBe(hashString('abc', 5));
    expect(hashString('abc', 1)).not.toBe(hashString('abc', 2));
    const buckets = wordBuckets(['route', 'car']);
    expect([...buckets.values()]).toEqual(['route', 'car']);
  });
});
