/** The longest wait between two attempts at a delivery. */
export const MAX_RETRY_DELAY_SECONDS = 600;

export interface RetryPolicy {
  /** Attempts after the first one; then the delivery is parked (`failed`) for an admin to replay. */
  limit: number;
  /** Wait before the first retry; it doubles at each one, up to MAX_RETRY_DELAY_SECONDS. */
  delaySeconds: number;
}

export type AfterFailure = { park: true } | { park: false; retryInSeconds: number };

/** What to do after the `failures`-th failed attempt (1 for the first). */
export function afterFailure(failures: number, policy: RetryPolicy): AfterFailure {
  if (failures > policy.limit) return { park: true };
  return {
    park: false,
    retryInSeconds: Math.min(policy.delaySeconds * 2 ** (failures - 1), MAX_RETRY_DELAY_SECONDS),
  };
}
