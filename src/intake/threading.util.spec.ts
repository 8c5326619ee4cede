import { describe, expect, it } from '@jest/globals';
import { normalisedEvent } from '../../test/support/event-factories.js';
import {
  decideThread,
  type LatestTicket,
  REOPEN_WINDOW_MS,
  residentOf,
  threadKeys,
} from './threading.util.js';

const event = normalisedEvent;

describe('threadKeys', () => {
  it('threads a top-level comment by post, root comment and resident, then by their own visitor post', () => {
    expect(threadKeys(event({}))).toEqual(['fb:comment:page_p1:c1:r1', 'fb:post:page_p1:r1']);
  });

  it('puts a reply by the same resident in the thread of its root comment', () => {
    const reply = event({ externalId: 'c2', parentExternalId: 'c1', rootExternalId: 'c1' });
    expect(threadKeys(reply)[0]).toBe(threadKeys(event({}))[0]);
  });

  it("gives another resident's reply under the same comment a thread of its own", () => {
    const other = event({
      externalId: 'c3',
      rootExternalId: 'c1',
      author: { platformId: 'r2', name: null, handle: null },
    });
    expect(threadKeys(other)[0]).not.toBe(threadKeys(event({}))[0]);
  });

  it('gives a comment on another post another thread', () => {
    expect(threadKeys(event({ postExternalId: 'page_p2', externalId: 'c9', rootExternalId: 'c9' }))[0]).toBe(
      'fb:comment:page_p2:c9:r1',
    );
  });

  it('threads a visitor post by itself and its author', () => {
    expect(threadKeys(event({ kind: 'post', externalId: 'page_p7', postExternalId: 'page_p7' }))).toEqual([
      'fb:post:page_p7:r1',
    ]);
  });

  it('threads Messenger by page and PSID, our echoes included', () => {
    const message = event({
      kind: 'message',
      residentId: 'psid',
      rootExternalId: null,
      postExternalId: null,
    });
    expect(threadKeys(message)).toEqual(['fb:messenger:page:psid']);
    expect(
      threadKeys({ ...message, own: true, author: { platformId: 'page', name: null, handle: null } }),
    ).toEqual(['fb:messenger:page:psid']);
  });

  it('threads X DMs by conversation', () => {
    expect(
      threadKeys(event({ platform: 'twitter', kind: 'dm', residentId: '5', conversationId: '5-9' })),
    ).toEqual(['x:dm:5-9']);
  });

  it('threads X posts by conversation and resident: v2 conversation id, else the post answered, else itself', () => {
    const tweet = { platform: 'twitter' as const, kind: 'mention' as const, rootExternalId: null };
    expect(
      threadKeys(event({ ...tweet, externalId: 't3', postExternalId: 't1', parentExternalId: 't2' })),
    ).toEqual(['x:conv:t1:r1']);
    expect(
      threadKeys(event({ ...tweet, externalId: 't3', postExternalId: null, parentExternalId: 't2' })),
    ).toEqual(['x:conv:t2:r1']);
    expect(
      threadKeys(event({ ...tweet, externalId: 't1', postExternalId: null, parentExternalId: null })),
    ).toEqual(['x:conv:t1:r1']);
  });

  it('threads a comment without author (no `from`) by its root comment', () => {
    const anonymous = event({ author: null, externalId: 'c5', rootExternalId: 'c4' });
    expect(residentOf(anonymous)).toBe('anonymous:c4');
    expect(threadKeys(anonymous)[0]).toBe('fb:comment:page_p1:c4:anonymous:c4');
  });

  it('has no resident thread for our own comments and tweets', () => {
    const own = event({ own: true, author: { platformId: 'page', name: null, handle: null } });
    expect(residentOf(own)).toBeNull();
    expect(threadKeys(own)).toEqual([]);
  });
});

describe('decideThread', () => {
  const at = new Date('2026-03-10T10:00:00Z');
  const ticket = (status: LatestTicket['status'], closedAt: Date | null = null): LatestTicket => ({
    id: 't',
    status,
    closedAt,
  });

  it('opens a ticket when the thread has none', () => {
    expect(decideThread(undefined, at)).toEqual({ kind: 'open' });
  });

  it.each(['new', 'triaged', 'forwarded', 'answered', 'spam'] as const)(
    'continues a %s ticket as it is',
    (status) => {
      expect(decideThread(ticket(status), at)).toEqual({ kind: 'append', ticketId: 't', reopen: false });
    },
  );

  it.each(['replied', 'noted'] as const)('puts a %s ticket back in triage', (status) => {
    expect(decideThread(ticket(status), at)).toEqual({ kind: 'append', ticketId: 't', reopen: true });
  });

  it('reopens a ticket closed less than a week before the message', () => {
    const closedAt = new Date(at.getTime() - REOPEN_WINDOW_MS + 60_000);
    expect(decideThread(ticket('closed', closedAt), at)).toEqual({
      kind: 'append',
      ticketId: 't',
      reopen: true,
    });
  });

  it('opens a new ticket for a message a week or more after the close', () => {
    expect(decideThread(ticket('closed', new Date(at.getTime() - REOPEN_WINDOW_MS)), at)).toEqual({
      kind: 'open',
    });
    expect(decideThread(ticket('closed', new Date('2026-01-01T00:00:00Z')), at)).toEqual({ kind: 'open' });
  });

  it('reopens for a message written before the close that arrives late', () => {
    expect(decideThread(ticket('closed', new Date(at.getTime() + 3_600_000)), at)).toMatchObject({
      reopen: true,
    });
  });
});
