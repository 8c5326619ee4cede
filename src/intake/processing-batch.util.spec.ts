import { describe, expect, it } from '@jest/globals';
import { normalisedEvent } from '../../test/support/event-factories.js';
import type { NormalisedEvent } from './normalised-event.js';
import { residentKey, togetherInOneTransaction } from './processing-batch.util.js';

const comment = (resident: string, overrides: Partial<NormalisedEvent> = {}): NormalisedEvent =>
  normalisedEvent({
    externalId: `c-${resident}`,
    dedupeKey: `c-${resident}`,
    author: { platformId: resident, name: null, handle: null },
    rootExternalId: `c-${resident}`,
    ...overrides,
  });

const delivery = (name: string, events: NormalisedEvent[], organisationId = 'org') => ({
  name,
  organisationId,
  events,
});
const names = (split: { together: { name: string }[]; alone: { name: string }[] }) => ({
  together: split.together.map((d) => d.name),
  alone: split.alone.map((d) => d.name),
});

describe('togetherInOneTransaction', () => {
  it("puts residents' new messages together, one delivery each", () => {
    const split = togetherInOneTransaction([
      delivery('a', [comment('r1')]),
      delivery('b', [comment('r2'), comment('r3')]),
    ]);
    expect(names(split)).toEqual({ together: ['a', 'b'], alone: [] });
  });

  it('leaves alone every delivery of a resident found twice in the batch, or twice in one delivery', () => {
    const split = togetherInOneTransaction([
      delivery('a', [comment('r1')]),
      delivery('b', [comment('r1', { externalId: 'c-other' })]),
      delivery('c', [comment('r2'), comment('r2', { externalId: 'c-again' })]),
      delivery('d', [comment('r3')]),
      delivery('e', [comment('r4')]),
    ]);
    expect(names(split)).toEqual({ together: ['d', 'e'], alone: ['a', 'b', 'c'] });
  });

  it('tells residents apart by organisation and platform', () => {
    const split = togetherInOneTransaction([
      delivery('a', [comment('r1')], 'org-1'),
      delivery('b', [comment('r1')], 'org-2'),
      delivery('c', [comment('r1', { platform: 'twitter', kind: 'mention' })], 'org-1'),
    ]);
    expect(names(split).together).toEqual(['a', 'b', 'c']);
  });

  it('leaves alone edits, removals, our own messages and deliveries without events', () => {
    const split = togetherInOneTransaction([
      delivery('edit', [comment('r1', { action: 'edit' })]),
      delivery('remove', [comment('r2', { action: 'remove' })]),
      delivery('own', [comment('page', { own: true })]),
      delivery('empty', []),
      delivery('mixed', [comment('r3'), comment('r4', { action: 'hide' })]),
      delivery('new', [comment('r5')]),
    ]);
    expect(names(split)).toEqual({
      together: [],
      alone: ['edit', 'remove', 'own', 'empty', 'mixed', 'new'],
    });
  });

  it('shares nothing with fewer than two deliveries to share', () => {
    const split = togetherInOneTransaction([delivery('a', [comment('r1')]), delivery('b', [])]);
    expect(names(split)).toEqual({ together: [], alone: ['a', 'b'] });
  });

  it('keys a resident by organisation, platform and platform id', () => {
    expect(residentKey('org', comment('r1'), 'r1')).toBe('org:facebook:r1');
  });
});
