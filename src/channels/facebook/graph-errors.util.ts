import type { PlatformErrorDetails } from '../platform-error.js';

/** Graph usage headers (platforms.md §A4.5), percentages of the budget. */
export interface GraphUsage {
  /** Highest of call_count / total_time / total_cputime in X-App-Usage (or X-Page-Usage). */
  appPercent?: number;
  /** Highest percentage in X-Business-Use-Case-Usage. */
  businessPercent?: number;
  /** Minutes until access comes back, when throttled (BUC `estimated_time_to_regain_access`). */
  regainAccessMinutes?: number;
}

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 341, 80001, 80006]);
const TEMPORARY_CODES = new Set([1, 2]);
/** Session key / token errors: 102 (invalid session), 190 (expired, revoked, app removed…). */
const TOKEN_CODES = new Set([102, 190]);
/** Without guidance from the headers, a throttled call waits this long. */
const DEFAULT_RATE_LIMIT_WAIT = 60;

function percentOf(value: unknown): number | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const numbers = ['call_count', 'total_time', 'total_cputime']
    .map((key) => (value as Record<string, unknown>)[key])
    .filter((n): n is number => typeof n === 'number');
  return numbers.length ? Math.max(...numbers) : undefined;
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage; unparsable headers are ignored. */
export function parseGraphUsage(header: (name: string) => string | null | undefined): GraphUsage {
  const usage: GraphUsage = {};
  const app = [
    percentOf(parseJson(header('x-app-usage'))),
    percentOf(parseJson(header('x-page-usage'))),
  ].filter((n): n is number => n !== undefined);
  if (app.length) usage.appPercent = Math.max(...app);
  const business = parseJson(header('x-business-use-case-usage'));
  if (business && typeof business === 'object') {
    for (const entries of Object.values(business as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const percent = percentOf(entry);
        if (percent !== undefined) usage.businessPercent = Math.max(usage.businessPercent ?? 0, percent);
        const regain = (entry as { estimated_time_to_regain_access?: unknown })
          .estimated_time_to_regain_access;
        if (typeof regain === 'number' && regain > 0) {
          usage.regainAccessMinutes = Math.max(usage.regainAccessMinutes ?? 0, regain);
        }
      }
    }
  }
  return usage;
}

/** platforms.md §A4.4: decide on `code`/`error_subcode`, not on the HTTP status (Meta mostly says 400). */
export function classifyGraphError(
  status: number,
  error: GraphErrorBody | undefined,
  usage: GraphUsage,
): PlatformErrorDetails & { message: string } {
  const code = error?.code;
  const subcode = error?.error_subcode;
  const message = error?.message ?? `Graph API answered ${status}`;
  const base = { status, code, subcode, message };
  if (code !== undefined && TOKEN_CODES.has(code)) return { ...base, retryable: false, tokenRefused: true };
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
    const wait = usage.regainAccessMinutes ? usage.regainAccessMinutes * 60 : DEFAULT_RATE_LIMIT_WAIT;
    return { ...base, retryable: true, tokenRefused: false, rateLimited: true, retryAfterSeconds: wait };
  }
  if ((code !== undefined && TEMPORARY_CODES.has(code)) || error?.is_transient === true) {
    return { ...base, retryable: true, tokenRefused: false };
  }
  if (code === 506) return { ...base, retryable: false, tokenRefused: false, duplicate: true };
  if (code === 10 && subcode === 2018278)
    return { ...base, retryable: false, tokenRefused: false, windowClosed: true };
  if (code === undefined && (status >= 500 || status === 429)) {
    return { ...base, retryable: true, tokenRefused: false };
  }
  return { ...base, retryable: false, tokenRefused: false };
}
