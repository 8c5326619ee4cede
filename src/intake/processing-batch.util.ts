import type { NormalisedEvent } from './normalised-event.js';
import { residentOf } from './threading.util.js';

/** A resident of one organisation on one platform: what intake serialises a resident's events by. */
export function residentKey(organisationId: string, event: NormalisedEvent, resident: string): string {
  return `${organisationId}:${event.platform}:${resident}`;
}

/**
 * The deliveries of a batch that can share one transaction (a few round trips for all instead of a few
 * for each event): those holding only residents' new messages, of residents found in no other delivery
 * of the batch nor twice in their own. Their threads are then independent, so the order between them
 * does not matter. The others are processed one by one, each event in its own transaction. Fewer than
 * two such deliveries gain nothing from sharing.
 */
export function togetherInOneTransaction<T extends { organisationId: string; events: NormalisedEvent[] }>(
  deliveries: T[],
): { together: T[]; alone: T[] } {
  const keys = new Map(
    deliveries.map((delivery) => [
      delivery,
      delivery.events.map((event) => {
        const resident = residentOf(event);
        return resident ? residentKey(delivery.organisationId, event, resident) : null;
      }),
    ]),
  );
  const seen = new Map<string, number>();
  for (const key of [...keys.values()].flat()) if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  const together = deliveries.filter(
    (delivery) =>
      delivery.events.length > 0 &&
      delivery.events.every((event) => event.action === 'add' && !event.own) &&
      keys.get(delivery)!.every((key) => key !== null && seen.get(key) === 1),
  );
  if (together.length < 2) return { together: [], alone: deliveries };
  return { together, alone: deliveries.filter((delivery) => !together.includes(delivery)) };
}
