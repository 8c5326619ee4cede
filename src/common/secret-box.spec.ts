import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal('EAAB-page-token');
    const b = box.seal('EAAB-page-token');
    expect(a).not.toEqual(b);
    expect(box.open(a)).toBe('EAAB-page-token');
    expect(a).not.toContain('EAAB');
  });

  it('refuses a tampered secret', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('names the key it needs when sealed with another one', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => box.open(other.seal('x'))).toThrow(/another key/);
  });
});
