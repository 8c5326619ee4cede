import type { PlatformErrorDetails } from '../platform-error.js';

/** The window of `x-rate-limit-*` (and the 24-hour windows some write endpoints add), platforms.md §B8.4. */
export interface XRateLimit {
  limit?: number;
  remaining?: number;
  /** Unix seconds. */
  reset?: number;
  /** The 24-hour user or app window, when reported. */
  dayRemaining?: number;
  dayReset?: number;
}

type Header = (name: string) => string | null | undefined;

function int(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export function parseXRateLimit(header: Header): XRateLimit {
  const limit: XRateLimit = {};
  const set = (key: keyof XRateLimit, value: number | undefined) => {
    if (value !== undefined) limit[key] = value;
  };
  set('limit', int(header('x-rate-limit-limit')));
  set('remaining', int(header('x-rate-limit-remaining')));
  set('reset', int(header('x-rate-limit-reset')));
  // Of the user and app 24-hour windows, the one that runs out first matters.
  for (const scope of ['user', 'app']) {
    const remaining = int(header(`x-${scope}-limit-24hour-remaining`));
    const reset = int(header(`x-${scope}-limit-24hour-reset`));
    if (remaining !== undefined && (limit.dayRemaining === undefined || remaining < limit.dayRemaining)) {
      limit.dayRemaining = remaining;
      if (reset !== undefined) limit.dayReset = reset;
    }
  }
  return limit;
}

/** Seconds to wait before calling again: until the exhausted window resets (at least 1 s), or undefined. */
export function xWaitSeconds(limit: XRateLimit, nowSeconds: number, exhausted: boolean): number | undefined {
  if (limit.dayRemaining === 0 && limit.dayReset !== undefined)
    return Math.max(1, limit.dayReset - nowSeconds);
  if ((exhausted || limit.remaining === 0) && limit.reset !== undefined)
    return Math.max(1, limit.reset - nowSeconds);
  return undefined;
}

export interface XProblemBody {
  title?: string;
  detail?: string;
  type?: string;
  status?: number;
  errors?: { code?: number; message?: string }[];
}

/** platforms.md §B8.3–§B8.4: decide on the HTTP status; read both the v2 problem and the v1.1 shapes. */
export function classifyXError(
  status: number,
  body: XProblemBody | undefined,
  limit: XRateLimit,
  nowSeconds: number,
): PlatformErrorDetails & { message: string } {
  const first = body?.errors?.[0];
  const message = body?.detail ?? body?.title ?? first?.message ?? `X API answered ${status}`;
  const code = body?.type ?? first?.code;
  const base = { status, code, message };
  if (status === 401) return { ...base, retryable: false, tokenRefused: true };
  if (status === 429) {
    const capped = typeof body?.type === 'string' && body.type.endsWith('/usage-capped');
    return {
      ...base,
      retryable: !capped,
      tokenRefused: false,
      rateLimited: true,
      retryAfterSeconds: xWaitSeconds(limit, nowSeconds, true) ?? 60,
    };
  }
  if (status >= 500) return { ...base, retryable: true, tokenRefused: false };
  const duplicate = status === 403 && /duplicate/i.test(`${body?.detail ?? ''} ${first?.message ?? ''}`);
  if (duplicate || first?.code === 187)
    return { ...base, retryable: false, tokenRefused: false, duplicate: true };
  return { ...base, retryable: false, tokenRefused: false };
}
