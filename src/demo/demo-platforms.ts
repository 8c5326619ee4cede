import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { GraphApiFake } from '../../test/fakes/graph-api.fake.js';
import { XApiFake } from '../../test/fakes/x-api.fake.js';
import type { AppConfig } from '../config/app-config.js';

/** The page and account the demo organisation runs (played on loopback). */
export const DEMO_PAGE_ID = '100000000000001';
export const DEMO_X_ACCOUNT = {
  id: '1111111111111111111',
  username: 'CD_ValdOrme',
  name: 'Département du Val-d’Orme',
};
const DEMO_APP_ID = '1517776481860111';

export interface PlayedPlatforms {
  graph?: GraphApiFake;
  x?: XApiFake;
  close(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

/**
 * Demo mode plays Facebook and X on loopback: the fakes of the tests are started and the
 * configuration is pointed at them, unless FACEBOOK_GRAPH_URL / TWITTER_API_URL were given
 * (`config.playedPlatforms`). The app secret, verify token and consumer key/secret are generated
 * when unset, so the demo's traffic is signed like the platforms' and goes through the real
 * webhook path. The page and account become the demo organisation's channels at seeding.
 */
export async function startDemoPlatforms(
  config: AppConfig,
): Promise<{ config: AppConfig; platforms: PlayedPlatforms }> {
  const logger = new Logger('DemoPlatforms');
  const played = config.playedPlatforms;
  const graph = played.facebook
    ? await GraphApiFake.start({ appId: config.facebook.appId ?? DEMO_APP_ID })
    : undefined;
  const x = played.twitter ? await XApiFake.start({ account: DEMO_X_ACCOUNT }) : undefined;
  const facebook = {
    ...config.facebook,
    appSecret: config.facebook.appSecret ?? secret(),
    verifyToken: config.facebook.verifyToken ?? secret(),
    ...(graph && {
      graphUrl: graph.url,
      appId: config.facebook.appId ?? graph.appId,
      pageId: config.facebook.pageId ?? DEMO_PAGE_ID,
      pageToken: config.facebook.pageToken ?? `demo-page-${secret()}`,
    }),
  };
  const twitter = {
    ...config.twitter,
    consumerKey: config.twitter.consumerKey ?? secret(),
    consumerSecret: config.twitter.consumerSecret ?? secret(),
    ...(x && {
      apiUrl: x.url,
      userId: config.twitter.userId ?? DEMO_X_ACCOUNT.id,
      accessToken: config.twitter.accessToken ?? `demo-x-${secret()}`,
    }),
  };
  if (graph) logger.log(`Facebook played on ${graph.url} (page ${facebook.pageId})`);
  if (x) logger.log(`X played on ${x.url} (@${DEMO_X_ACCOUNT.username})`);
  return {
    config: { ...config, facebook, twitter },
    platforms: {
      graph,
      x,
      close: async () => {
        await Promise.all([graph?.close(), x?.close()]);
      },
    },
  };
}
