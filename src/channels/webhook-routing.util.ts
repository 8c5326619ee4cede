/**
 * Which channel a verified delivery is for, read from the payload (api.md: `entry[].id` for a
 * page, `for_user_id` for an X account). Pure and lenient: whatever the shape, the answer is a list
 * (possibly empty) or null, never an exception; what cannot be routed is stored as unroutable.
 */

/**
 * The distinct page ids of a Facebook delivery, in order of appearance. `null` stands for entries
 * without a usable id (and for a body that is not an object with `entry[]`).
 */
export function facebookRecipients(payload: unknown): (string | null)[] {
  if (!isObject(payload) || !Array.isArray(payload.entry) || payload.entry.length === 0) return [null];
  const ids: (string | null)[] = [];
  for (const entry of payload.entry) {
    const id = isObject(entry) ? idOf(entry.id) : null;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * The X account a delivery concerns: `for_user_id` (Account Activity API), `data.filter.user_id`
 * (X Activity API), the revoking user of a `user_event` (which carries no `for_user_id`).
 */
export function xRecipient(payload: unknown): string | null {
  if (!isObject(payload)) return null;
  const forUser = idOf(payload.for_user_id);
  if (forUser) return forUser;
  if (isObject(payload.data) && isObject(payload.data.filter)) {
    const filtered = idOf(payload.data.filter.user_id);
    if (filtered) return filtered;
  }
  if (isObject(payload.user_event) && isObject(payload.user_event.revoke)) {
    const revoke = payload.user_event.revoke;
    if (isObject(revoke.source)) return idOf(revoke.source.user_id);
  }
  return null;
}

/** Whether the delivery says the account revoked the app's authorisation (AAA `user_event.revoke`). */
export function isXRevoke(payload: unknown): boolean {
  return isObject(payload) && isObject(payload.user_event) && isObject(payload.user_event.revoke);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ids are digit strings; a number is accepted only when it is an exact integer. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return /^\d{1,30}$/.test(value) ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}
