export type Platform = 'facebook' | 'twitter';

/** A delivery as a channel hands it to intake: verified, not yet parsed into events. */
export interface IncomingDelivery {
  platform: Platform;
  /** `poll`: the body is a page of `GET /2/users/:id/mentions` ({data, includes, meta}). */
  source: 'webhook' | 'poll';
  /** Null when no channel matches: stored as unroutable, answered 200, visible to the operator. */
  organisationId: string | null;
  channelId: string | null;
  /** The page id or X user id the delivery is for; a batched Facebook delivery for several pages is stored once per page. */
  channelExternalId: string | null;
  rawBody: Buffer;
  /** Only the headers worth keeping (signature, user agent, delivery ids); never authorisation. */
  headers: Record<string, string>;
}
