import { describe, expect, it } from '@jest/globals';
import { facebookRecipients, isXRevoke, xRecipient } from './webhook-routing.util.js';

describe('facebookRecipients', () => {
  it('lists each page of a batched delivery once, in order', () => {
    expect(
      facebookRecipients({
        object: 'page',
        entry: [
          { id: '111', time: 1, changes: [] },
          { id: '444', time: 1, changes: [] },
          { id: '111', time: 2, messaging: [] },
        ],
      }),
    ).toEqual(['111', '444']);
  });

  it('gives null for entries without a usable id', () => {
    expect(
      facebookRecipients({ object: 'page', entry: [{ time: 1 }, { id: '111' }, { id: 'x1' }, { id: {} }] }),
    ).toEqual([null, '111']);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'page'],
    ['no entry', { object: 'page' }],
    ['an empty entry list', { object: 'page', entry: [] }],
    ['entry not a list', { object: 'page', entry: { id: '111' } }],
  ])('gives [null] for %s', (_, payload) => {
    expect(facebookRecipients(payload)).toEqual([null]);
  });

  it('routes whatever the object type: the normaliser ignores what it does not handle', () => {
    expect(facebookRecipients({ object: 'instagram', entry: [{ id: '111' }] })).toEqual(['111']);
  });
});

describe('xRecipient', () => {
  it('reads for_user_id of the Account Activity API', () => {
    expect(xRecipient({ for_user_id: '2244994945', tweet_create_events: [] })).toBe('2244994945');
  });

  it('reads data.filter.user_id of the X Activity API', () => {
    expect(
      xRecipient({ data: { event_type: 'post.mention.create', filter: { user_id: '1111111111111111111' } } }),
    ).toBe('1111111111111111111');
  });

  it('reads the revoking user of a user_event', () => {
    const revoke = {
      user_event: {
        revoke: {
          date_time: '2018-05-24T09:48:12+00:00',
          target: { app_id: '1' },
          source: { user_id: '63046977' },
        },
      },
    };
    expect(xRecipient(revoke)).toBe('63046977');
    expect(isXRevoke(revoke)).toBe(true);
    expect(isXRevoke({ for_user_id: '1' })).toBe(false);
  });

  it.each([
    ['nothing', {}],
    ['a non-numeric id', { for_user_id: 'abc' }],
    ['an unsafe number', { for_user_id: 2 ** 60 }],
    ['an array', []],
    ['null', null],
  ])('gives null for %s', (_, payload) => {
    expect(xRecipient(payload)).toBeNull();
  });

  it('accepts a safe integer id', () => {
    expect(xRecipient({ for_user_id: 4337869213 })).toBe('4337869213');
  });
});
