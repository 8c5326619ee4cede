import { describe, expect, it } from '@jest/globals';
import {
  checkFacebookSignature,
  checkXSignature,
  facebookVerificationAnswer,
  safeEqual,
  xCrcResponseToken,
} from './webhook-signature.util.js';

// Test vectors of platforms.md §A2, §B1, §B2.
const META_BODY = Buffer.from(
  '{"object":"page","entry":[{"id":"111111111111111","time":1700000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","message":"Caf\\u00e9 bins not collected"}}]}]}',
);
const META_SHA256 = 'sha256=0717d60ca773de0a261bc129656d55bd4aa5ed1be43a3c666e8532a23b7a5791';
const META_SHA1 = 'sha1=c50e8c7d81f23240d1b0db721c9d81a52fd53da0';
const X_BODY = Buffer.from('{"for_user_id":"2244994945","direct_message_events":[]}');
const X_SIGNATURE = 'sha256=dqDeH9riFGhLVKYoxDzvmsqKt0K3FPsVZCM4lUT9m7E=';

describe('Facebook signature', () => {
  it('accepts the documented vector over the escaped bytes', () => {
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha256: META_SHA256 })).toBe('valid');
  });

  it('accepts upper-case hex', () => {
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha256: META_SHA256.toUpperCase() })).toBe(
      'valid',
    );
  });

  it('refuses the same text with é as UTF-8 bytes (Meta signs the escaped form)', () => {
    const decoded = Buffer.from(META_BODY.toString().replace('\\u00e9', 'é'));
    expect(checkFacebookSignature(decoded, 'test_app_secret', { sha256: META_SHA256 })).toBe('invalid');
  });

  it('refuses another secret, another body, a truncated or malformed header', () => {
    expect(checkFacebookSignature(META_BODY, 'other', { sha256: META_SHA256 })).toBe('invalid');
    expect(
      checkFacebookSignature(Buffer.from(`${META_BODY.toString()} `), 'test_app_secret', {
        sha256: META_SHA256,
      }),
    ).toBe('invalid');
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha256: META_SHA256.slice(0, -2) })).toBe(
      'invalid',
    );
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha256: 'garbage' })).toBe('invalid');
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha256: META_SHA1 })).toBe('invalid');
  });

  it('falls back to the legacy sha1 header only when the sha256 one is absent', () => {
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha1: META_SHA1 })).toBe('valid');
    expect(
      checkFacebookSignature(META_BODY, 'test_app_secret', {
        sha256: `sha256=${'0'.repeat(64)}`,
        sha1: META_SHA1,
      }),
    ).toBe('invalid');
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', { sha1: 'sha1=00' })).toBe('invalid');
  });

  it('reports a missing signature', () => {
    expect(checkFacebookSignature(META_BODY, 'test_app_secret', {})).toBe('missing');
  });
});

describe('X signature and CRC', () => {
  it('accepts the documented event vector', () => {
    expect(checkXSignature(X_BODY, 'test_consumer_secret', X_SIGNATURE)).toBe('valid');
  });

  it('refuses other bytes, another secret, hex instead of base64, and a missing header', () => {
    expect(
      checkXSignature(
        Buffer.from(X_BODY.toString().replace('[]', '[ ]')),
        'test_consumer_secret',
        X_SIGNATURE,
      ),
    ).toBe('invalid');
    expect(checkXSignature(X_BODY, 'other', X_SIGNATURE)).toBe('invalid');
    expect(checkXSignature(X_BODY, 'test_consumer_secret', 'sha256=76a0de1f')).toBe('invalid');
    expect(checkXSignature(X_BODY, 'test_consumer_secret', 'sha256=')).toBe('invalid');
    expect(checkXSignature(X_BODY, 'test_consumer_secret', undefined)).toBe('missing');
  });

  it('answers the documented CRC vector', () => {
    expect(xCrcResponseToken('test_consumer_secret', 'challenge_string')).toBe(
      'sha256=583uAmerwtjpykYEAEm+CEIRm6dOywK4QKRr0ha/Pd4=',
    );
  });
});

describe('Facebook verification', () => {
  const token = 'YOUR-VERIFY-TOKEN';

  it('echoes the challenge of the documented request', () => {
    expect(
      facebookVerificationAnswer(
        { mode: 'subscribe', verifyToken: token, challenge: 'CHALLENGE_ACCEPTED' },
        token,
      ),
    ).toBe('CHALLENGE_ACCEPTED');
  });

  it.each([
    ['a wrong token', { mode: 'subscribe', verifyToken: 'nope', challenge: '1' }],
    ['another mode', { mode: 'unsubscribe', verifyToken: token, challenge: '1' }],
    ['no challenge', { mode: 'subscribe', verifyToken: token }],
    ['repeated parameters', { mode: 'subscribe', verifyToken: [token, token], challenge: '1' }],
    ['nothing', {}],
  ])('refuses %s', (_, query) => {
    expect(facebookVerificationAnswer(query, token)).toBeNull();
  });
});

describe('safeEqual', () => {
  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('abc', 'abc')).toBe(true);
  });
});
