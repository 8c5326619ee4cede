import { describe, expect, it } from '@jest/globals';
import { classifyGraphError, parseGraphUsage } from './graph-errors.util.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('classifyGraphError', () => {
  const none = {};

  it('marks a refused token (190, any subcode) as not retryable', () => {
    const result = classifyGraphError(
      400,
      { message: 'Error validating access token: Session has expired', code: 190, error_subcode: 463 },
      none,
    );
    expect(result).toMatchObject({ tokenRefused: true, retryable: false, code: 190, subcode: 463 });
  });

  it.each([4, 17, 32, 613, 80001, 80006])('backs off on rate limit %i', (code) => {
    expect(classifyGraphError(400, { code }, none)).toMatchObject({
      retryable: true,
      rateLimited: true,
      tokenRefused: false,
      retryAfterSeconds: 60,
    });
  });

  it('waits as long as the business use case header says', () => {
    expect(classifyGraphError(400, { code: 32 }, { regainAccessMinutes: 12 }).retryAfterSeconds).toBe(720);
  });

  it.each([1, 2])('retries temporary error %i', (code) => {
    expect(classifyGraphError(500, { code }, none)).toMatchObject({ retryable: true, tokenRefused: false });
  });

  it('retries what Meta flags transient', () => {
    expect(classifyGraphError(400, { code: 9999, is_transient: true }, none).retryable).toBe(true);
  });

  it.each([
    [100, undefined],
    [10, 2018065],
    [200, undefined],
    [368, undefined],
    [551, 1545041],
  ])('does not retry %i/%s', (code, subcode) => {
    expect(classifyGraphError(400, { code, error_subcode: subcode }, none)).toMatchObject({
      retryable: false,
      tokenRefused: false,
    });
  });

  it('recognises a duplicate post and a closed Messenger window', () => {
    expect(classifyGraphError(400, { code: 506 }, none)).toMatchObject({ duplicate: true, retryable: false });
    expect(classifyGraphError(400, { code: 10, error_subcode: 2018278 }, none)).toMatchObject({
      windowClosed: true,
      retryable: false,
    });
  });

  it('retries a 5xx without an error body, not a 4xx', () => {
    expect(classifyGraphError(502, undefined, none).retryable).toBe(true);
    expect(classifyGraphError(404, undefined, none).retryable).toBe(false);
  });
});

describe('parseGraphUsage', () => {
  it('reads the highest percentage of X-App-Usage and X-Page-Usage', () => {
    expect(
      parseGraphUsage(
        headers({
          'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
          'x-page-usage': '{"call_count":40,"total_time":1,"total_cputime":1}',
        }),
      ),
    ).toEqual({ appPercent: 40 });
  });

  it('reads X-Business-Use-Case-Usage across business objects', () => {
    const usage = parseGraphUsage(
      headers({
        'x-business-use-case-usage': JSON.stringify({
          '111': [
            {
              type: 'pages',
              call_count: 96,
              total_cputime: 10,
              total_time: 20,
              estimated_time_to_regain_access: 0,
            },
          ],
          '222': [
            {
              type: 'messenger',
              call_count: 100,
              total_cputime: 5,
              total_time: 5,
              estimated_time_to_regain_access: 7,
            },
          ],
        }),
      }),
    );
    expect(usage).toEqual({ businessPercent: 100, regainAccessMinutes: 7 });
  });

  it('ignores malformed headers', () => {
    expect(
      parseGraphUsage(headers({ 'x-app-usage': 'not json', 'x-business-use-case-usage': '[1]' })),
    ).toEqual({});
  });
});
