import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { Channel } from '../../../src/channels/channel.entity.js';
import { ClassificationService } from '../../../src/classification/classification.service.js';
import { OrganisationsService } from '../../../src/organisations/organisations.service.js';
import { Bench } from '../bench.js';
import { startBenchApp } from '../harness.js';

const APP_SECRET = 'bench-app-secret';
const PAGE_ID = '100000000000043';
/** The latency phase: deliveries per second, for how long. */
const RATE = 200;
const SECONDS = 30;
/** The throughput phase: faster than processing goes. */
const OVERLOAD_RATE = 600;
const OVERLOAD_SECONDS = 15;
const WARM_UP_SECONDS = 3;
const POLL_MS = 10;

/**
 * From acknowledgement to ticket: signed Facebook comments (each a new ticket, labelled too) sent at
 * 200/s for 30 s through the real webhook route; for each, the time from its 200 to the moment its
 * message and ticket are visible to a reader (polled every 10 ms). Then deliveries arrive at 600/s,
 * faster than they are processed: the events per second processing sustains meanwhile. Senders
 * run in a worker thread, not on the service's event loop.
 */
export default async function drain(bench: Bench): Promise<void> {
  const { app, url, dataSource } = await startBenchApp({ FACEBOOK_APP_SECRET: APP_SECRET });
  const organisation = await app.get(OrganisationsService).ensure({ name: 'Bench', slug: 'bench-drain' });
  await dataSource
    .getRepository(Channel)
    .save({ organisationId: organisation.id, platform: 'facebook', externalId: PAGE_ID, name: 'Page' });
  // The first classification trains the default model (seconds of CPU): done before measuring.
  await app.get(ClassificationService).classify(organisation.id, { text: 'Bonjour' });
  const count = async (sql: string) =>
    Number((await dataSource.query<{ n: string }[]>(sql, [organisation.id]))[0].n);
  const processed = () =>
    count(`SELECT count(*) AS n FROM message WHERE organisation_id = $1 AND direction = 'in'`);
  const backlog = () =>
    count(`SELECT count(*) AS n FROM delivery WHERE organisation_id = $1 AND status = 'received'`);

  try {
    const latencies = await acknowledgedToTicket(url, dataSource, organisation.id);
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    bench.figure('p50', at(0.5), 'ms');
    bench.figure('p99', at(0.99), 'ms');

    while ((await backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    let window: { events: number; seconds: number } | undefined;
    const measure = (async () => {
      await new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1000));
      const [from, started] = [await processed(), performance.now()];
      await new Promise((resolve) => setTimeout(resolve, (OVERLOAD_SECONDS - WARM_UP_SECONDS - 1) * 1000));
      window = { events: (await processed()) - from, seconds: (performance.now() - started) / 1000 };
    })();
    // Past what the machine can take, the sender itself (in this process) may wait too long for its
    // answers: counted and said, the processing figure still stands.
    let unanswered = 0;
    await send(
      url,
      OVERLOAD_RATE,
      OVERLOAD_SECONDS,
      () => undefined,
      () => unanswered++,
    );
    await measure;
    if (unanswered) {
      console.warn(
        `drain: ${unanswered} of ${OVERLOAD_RATE * OVERLOAD_SECONDS} overload deliveries not answered in 10 s`,
      );
    }
    if ((await backlog()) === 0) {
      console.warn('drain: processing kept up with 600/s: the figure is the arrival rate, not a ceiling');
    }
    bench.figure('throughput', window!.events / window!.seconds, 'events/s');
  } finally {
    await app.close();
  }
}

/** Sends RATE/s for SECONDS; answers each delivery's time from its 200 to its ticket being visible. */
async function acknowledgedToTicket(url: string, dataSource: DataSource, organisationId: string) {
  const acknowledged = new Map<string, number>();
  const latencies: number[] = [];
  let sending = true;
  const watcher = (async () => {
    while (sending || acknowledged.size) {
      const waiting = [...acknowledged.keys()];
      if (waiting.length) {
        const rows = await dataSource.query<{ external_id: string }[]>(
          `SELECT external_id FROM message
            WHERE organisation_id = $1 AND platform = 'facebook' AND external_id = ANY($2)`,
          [organisationId, waiting],
        );
        const now = performance.timeOrigin + performance.now();
        for (const { external_id } of rows) {
          latencies.push(now - acknowledged.get(external_id)!);
          acknowledged.delete(external_id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  const failures: string[] = [];
  await send(
    url,
    RATE,
    SECONDS,
    (commentId, at) => acknowledged.set(commentId, at),
    (reason) => failures.push(reason),
  );
  sending = false;
  await watcher;
  if (failures.length)
    throw new Error(`drain: ${failures.length} deliveries not acknowledged (${failures[0]})`);
  return latencies;
}

/**
 * Paced sends from a worker thread; `acknowledged` hears of each 200 (comment id, epoch ms), `failed`
 * of each delivery not answered 200 within 10 s by the sender's clock.
 */
function send(
  url: string,
  rate: number,
  seconds: number,
  acknowledged: (commentId: string, at: number) => void,
  failed: (reason: string) => void,
): Promise<void> {
  const sender = new Worker(SENDER, {
    eval: true,
    workerData: {
      senders: new URL('../../fakes/platform-senders.js', import.meta.url).href,
      url,
      secret: APP_SECRET,
      pageId: PAGE_ID,
      rate,
      seconds,
    },
  });
  return new Promise<void>((resolve, reject) => {
    sender.on(
      'message',
      (message: { commentId: string; at: number } | { failure: string } | { error: string }) => {
        if ('error' in message) reject(new Error(`drain: ${message.error}`));
        else if ('failure' in message) failed(message.failure);
        else acknowledged(message.commentId, message.at);
      },
    );
    sender.once('error', reject);
    sender.once('exit', () => resolve());
  });
}

/** The paced sender (CommonJS, run by `new Worker(..., { eval: true })`). */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { facebookComment, sendDelivery, signedFacebookDelivery } = await import(workerData.senders);
  const total = workerData.rate * workerData.seconds;
  const start = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / workerData.rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const comment = facebookComment({ pageId: workerData.pageId, message: 'Le lampadaire ' + i + ' de la rue des Écoles est éteint' });
    inFlight.push(
      sendDelivery(workerData.url, signedFacebookDelivery(comment.payload, workerData.secret))
        .then((answer) => {
          if (answer.status !== 200) throw new Error('delivery answered ' + answer.status);
          parentPort.postMessage({ commentId: comment.event.commentId, at: performance.timeOrigin + performance.now() });
        })
        .catch((error) => parentPort.postMessage({ failure: String(error) })),
    );
  }
  await Promise.all(inFlight);
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;
