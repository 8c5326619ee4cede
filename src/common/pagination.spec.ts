import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './pagination.js';

describe('cursor', () => {
  it('round-trips a position', () => {
    const position = { at: '2026-11-22T10:00:00.123Z', id: '6f1c1e0e-6b0e-4a51-9d7e-2b7f3c1d2e3f' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('refuses %p', (cursor) => expect(() => decodeCursor(cursor)).toThrow('cursor is not valid'));
});
