import { describe, expect, it } from '@jest/globals';
import { hmacSha1Signature, oauth1Header, percentEncode, signatureBaseString } from './oauth1.util.js';

// X's documented example ("Creating a signature"): the same request, keys and expected signature.
const request = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  form: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
};
const oauth = {
  oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
  oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  oauth_signature_method: 'HMAC-SHA1',
  oauth_timestamp: '1318622958',
  oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  oauth_version: '1.0',
};
const consumerSecret = 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw';
const tokenSecret = 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE';

describe('OAuth 1.0a (RFC 5849)', () => {
  it('builds the documented signature base string', () => {
    expect(signatureBaseString(request, oauth)).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26' +
        'oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26' +
        'oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26' +
        'oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26' +
        'status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
  });

  it('computes the documented signature', () => {
    expect(hmacSha1Signature(signatureBaseString(request, oauth), consumerSecret, tokenSecret)).toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
    );
  });

  it('writes the header with every oauth parameter, encoded', () => {
    const header = oauth1Header(
      request,
      { consumerKey: oauth.oauth_consumer_key, consumerSecret, token: oauth.oauth_token, tokenSecret },
      oauth.oauth_nonce,
      1318622958,
    );
    expect(header).toMatch(/^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="/);
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
  });

  it('keeps a non-default port and drops a default one', () => {
    expect(signatureBaseString({ method: 'get', url: 'http://127.0.0.1:4000/2/users/me' }, {})).toMatch(
      /^GET&http%3A%2F%2F127\.0\.0\.1%3A4000%2F2%2Fusers%2Fme&/,
    );
    expect(signatureBaseString({ method: 'GET', url: 'https://API.x.com:443/2/users/me' }, {})).toMatch(
      /^GET&https%3A%2F%2Fapi\.x\.com%2F2%2Fusers%2Fme&/,
    );
  });

  it("encodes the characters encodeURIComponent leaves (!'()*)", () => {
    expect(percentEncode("a!b'c(d)e*")).toBe('a%21b%27c%28d%29e%2A');
  });
});
