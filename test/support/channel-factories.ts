import { SecretBox } from '../../src/common/secret-box.js';
import { Channel } from '../../src/channels/channel.entity.js';
import type { TestApp } from './test-app.js';

/** The platforms' secrets of platforms.md's test vectors, for startTestApp(env). */
export const PLATFORM_ENV = {
  FACEBOOK_APP_ID: '1517776481860111',
  FACEBOOK_APP_SECRET: 'test_app_secret',
  FACEBOOK_VERIFY_TOKEN: 'test-verify-token',
  TWITTER_CONSUMER_KEY: 'test_consumer_key',
  TWITTER_CONSUMER_SECRET: 'test_consumer_secret',
};

let sequence = 0;
const uniqueDigits = (length: number) =>
  `${Date.now()}${String(++sequence).padStart(4, '0')}`.slice(-length).replace(/^0/, '9');

/** A channel with its tokens sealed as the service seals them. */
export async function createChannel(
  t: TestApp,
  organisationId: string,
  overrides: Partial<Omit<Channel, 'accessToken' | 'accessSecret'>> & {
    accessToken?: string;
    accessSecret?: string | null;
  } = {},
): Promise<Channel & { token: string }> {
  const box = new SecretBox(t.config.encryptionKey);
  const { accessToken, accessSecret, ...rest } = overrides;
  const platform = rest.platform ?? 'facebook';
  const token = accessToken ?? `token-${uniqueDigits(8)}`;
  const channel = await t.dataSource.getRepository(Channel).save({
    organisationId,
    platform,
    externalId: platform === 'facebook' ? uniqueDigits(15) : uniqueDigits(19),
    name: platform === 'facebook' ? 'Page de test' : 'Compte de test',
    accessToken: box.seal(token),
    accessSecret: accessSecret ? box.seal(accessSecret) : null,
    secretKeyId: box.keyId,
    ...rest,
  });
  return Object.assign(channel, { token });
}

/** Waits until `check` gives a value (polling, not timing): for what happens in background jobs. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  what = 'condition',
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface StoredDelivery {
  id: string;
  organisation_id: string | null;
  channel_id: string | null;
  channel_external_id: string | null;
  platform: string;
  source: string;
  body: string;
  headers: Record<string, string>;
  status: string;
}

/** The delivery table as the platform side left it. */
export async function deliveries(t: TestApp): Promise<StoredDelivery[]> {
  return t.dataSource.query<StoredDelivery[]>(
    `SELECT id, organisation_id, channel_id, channel_external_id, platform, source, body, headers, status
       FROM delivery ORDER BY received_at, id`,
  );
}
