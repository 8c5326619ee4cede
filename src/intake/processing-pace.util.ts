/**
 * Deliveries waiting for their acknowledgement above which processing steps back: acknowledging
 * comes first (a platform whose deliveries time out retries them, and Meta unsubscribes a page after
 * an hour of failures), while a backlog of stored deliveries only waits a little longer.
 */
export const ACKNOWLEDGEMENTS_FIRST = 8;
/** Longest one delivery's processing steps back: under endless pressure, processing still goes on. */
export const LONGEST_STEP_BACK_MS = 1000;
const LOOK_AGAIN_MS = 20;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once fewer than ACKNOWLEDGEMENTS_FIRST acknowledgements wait, or after the longest step back. */
export async function afterAcknowledgements(
  awaitingAcknowledgement: () => number,
  sleep: (ms: number) => Promise<void> = pause,
): Promise<void> {
  for (let waited = 0; waited < LONGEST_STEP_BACK_MS; waited += LOOK_AGAIN_MS) {
    if (awaitingAcknowledgement() < ACKNOWLEDGEMENTS_FIRST) return;
    await sleep(LOOK_AGAIN_MS);
  }
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
