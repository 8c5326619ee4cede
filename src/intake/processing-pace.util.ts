/**
 * Above this share of time the event loop is busy, processing steps back: acknowledging webhooks
 * comes first (a platform whose deliveries time out retries them, and Meta unsubscribes a page
 * after an hour of failures), while a backlog of stored deliveries only waits a little longer.
 */
export const SATURATED = 0.85;

/** Deliveries a worker processes side by side while the event loop is saturated. */
export const SATURATED_PARALLELISM = 2;

/** How many of a fetched batch of deliveries to process side by side, given the loop's recent load. */
export function parallelism(utilization: number, batch: number): number {
  const size = Math.max(1, batch);
  return utilization > SATURATED ? Math.min(SATURATED_PARALLELISM, size) : size;
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function eachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
