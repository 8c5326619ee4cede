/**
 * Deliveries waiting for their acknowledgement above which processing steps back: acknowledging
 * comes first (a platform whose deliveries time out retries them, and Meta unsubscribes a page after
 * an hour of failures), while a backlog of stored deliveries only waits a little longer.
 */
export const ACKNOWLEDGEMENTS_FIRST = 32;
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

/**
 * How many are under way, as the most at once over the last `windowMs`: group commit answers webhook
 * deliveries in waves, and a wave's trough is no sign that the burst is over.
 */
export class RecentPeak {
  private current = 0;
  private peak = 0;
  private peakAt = -Infinity;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  up(): void {
    this.current++;
    const now = this.now();
    if (this.current >= this.peak || now - this.peakAt >= this.windowMs) {
      this.peak = this.current;
      this.peakAt = now;
    }
  }

  down(): void {
    this.current--;
  }

  get value(): number {
    return this.now() - this.peakAt < this.windowMs ? Math.max(this.peak, this.current) : this.current;
  }
}

/**
 * Processing's turns: at once while few acknowledgements wait; otherwise single file, each after
 * stepping back, so that under a long burst processing trickles on without ever crowding the
 * acknowledgements (lanes stepping back together would come back together).
 */
export class AcknowledgementsFirst {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly awaitingAcknowledgement: () => number,
    private readonly sleep: (ms: number) => Promise<void> = pause,
  ) {}

  turn(): Promise<void> {
    if (this.awaitingAcknowledgement() < ACKNOWLEDGEMENTS_FIRST) return Promise.resolve();
    this.last = this.last.then(() => afterAcknowledgements(this.awaitingAcknowledgement, this.sleep));
    return this.last;
  }
}
