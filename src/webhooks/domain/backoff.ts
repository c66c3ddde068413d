/** How retries are spaced and when they stop. */
export interface RetryPolicy {
  /** Delay after the first failure, in ms; doubled after each further one. */
  baseDelayMs: number;
  /** Longest delay between two attempts, in ms. */
  maxDelayMs: number;
  /** Failed attempts after which a delivery is `failed` (a redeliver starts the count again). */
  maxAttempts: number;
}

/** 5 s, 10 s, 20 s … (capped at one hour), eight attempts: about 10 minutes of trying. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

/**
 * What follows the `failures`-th failure in a row (1-based): the delay in ms before the next attempt,
 * base × 2^(failures − 1) capped at maxDelayMs, or null when the delivery has failed for good.
 */
export function retryDelayMs(failures: number, policy: RetryPolicy): number | null {
  if (failures >= policy.maxAttempts) return null;
  return Math.min(policy.baseDelayMs * 2 ** (failures - 1), policy.maxDelayMs);
}
