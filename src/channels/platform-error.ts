import type { Platform } from '../intake/incoming-delivery.js';

export interface PlatformErrorDetails {
  /** HTTP status, when the platform answered. */
  status?: number;
  /** Graph `code` / X problem `type` or v1.1 code. */
  code?: number | string;
  subcode?: number;
  /** Worth trying again later (rate limits, temporary failures, timeouts). */
  retryable: boolean;
  /** The access token was refused (Graph 190, X 401): the channel is broken until a new token. */
  tokenRefused: boolean;
  /** How long to wait before the next call, when the platform says so (rate-limit headers). */
  retryAfterSeconds?: number;
  /** The platform refused a duplicate (Graph 506, X 403 duplicate content): never retry. */
  duplicate?: boolean;
  /** Messenger's window closed (Graph 10 / 2018278): only a tagged message may go now. */
  windowClosed?: boolean;
  rateLimited?: boolean;
}

/** What a platform call failed with, in terms callers decide on. Never carries a token. */
export class PlatformError extends Error implements PlatformErrorDetails {
  readonly status?: number;
  readonly code?: number | string;
  readonly subcode?: number;
  readonly retryable: boolean;
  readonly tokenRefused: boolean;
  readonly retryAfterSeconds?: number;
  readonly duplicate?: boolean;
  readonly windowClosed?: boolean;
  readonly rateLimited?: boolean;

  constructor(
    readonly platform: Platform,
    message: string,
    details: PlatformErrorDetails,
  ) {
    super(message);
    this.name = 'PlatformError';
    Object.assign(this, details);
  }
}

/** Why a call did not reach the platform, without the URL (a GET to Graph carries the token in it). */
export function reason(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return String(error);
}
