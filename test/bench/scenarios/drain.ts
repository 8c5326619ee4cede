import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { join } from 'node:path';
import { Channel } from '../../../src/channels/channel.entity.js';
import { ClassificationService } from '../../../src/classification/classification.service.js';
import { OrganisationsService } from '../../../src/organisations/organisations.service.js';
import { Bench } from '../bench.js';
import { load, startBenchApp } from '../harness.js';

const APP_SECRET = 'bench-app-secret';
const PAGE_ID = '100000000000043';
const RATE = 200;
const SECONDS = 30;
const POLL_MS = 10;

/**
 * From acknowledgement to ticket: signed Facebook comments (each a new ticket) sent at 200/s for
 * 30 s through the real webhook route; for each, the time from its 200 to the moment its message
 * and ticket are visible to a reader (polled every 10 ms). Then deliveries sent as fast as 64
 * connections go: the events per second processing sustains while they keep arriving.
 */
export default async function drain(bench: Bench): Promise<void> {
  const { app, url, dataSource } = await startBenchApp({ FACEBOOK_APP_SECRET: APP_SECRET });
  const organisation = await app.get(OrganisationsService).ensure({ name: 'Bench', slug: 'bench-drain' });
  await dataSource
    .getRepository(Channel)
    .save({ organisationId: organisation.id, platform: 'facebook', externalId: PAGE_ID, name: 'Page' });
  // The first classification trains the default model (seconds of CPU): done before measuring.
  await app.get(ClassificationService).classify(organisation.id, { text: 'Bonjour' });

  const processed = async () =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM message WHERE organisation_id = $1 AND direction = 'in'`,
          [organisation.id],
        )
      )[0].n,
    );
  const backlog = async () =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM delivery WHERE organisation_id = $1 AND status = 'received'`,
          [organisation.id],
        )
      )[0].n,
    );

  try {
    const latencies = await paced(url, dataSource, organisation.id);
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    bench.figure('p50', at(0.5), 'ms');
    bench.figure('p99', at(0.99), 'ms');

    // Saturation: deliveries arrive faster than they are processed, for 15 s.
    while ((await backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const dir = mkdtempSync(join(tmpdir(), 'eguichet-bench-drain-'));
    const setupRequest = join(dir, 'signed-comment.cjs');
    writeFileSync(setupRequest, await signedCommentSetup());
    const loadDone = load({
      url: `${url}/webhooks/facebook`,
      method: 'POST',
      connections: 64,
      duration: 15,
      workers: 1,
      requests: [{ method: 'POST', setupRequest }],
    });
    const warm = Date.now() + 3_000;
    await new Promise((resolve) => setTimeout(resolve, warm - Date.now()));
    const startCount = await processed();
    const started = Date.now();
    const sent = await loadDone;
    const endCount = await processed();
    const elapsed = (Date.now() - started) / 1000;
    rmSync(dir, { recursive: true, force: true });
    if ((await backlog()) === 0) {
      console.warn(
        'drain: processing kept up with the arrivals: the figure is the arrival rate, not a ceiling',
      );
    }
    bench.figure('throughput', (endCount - startCount) / elapsed, 'events/s');
    bench.figure('arrivals', sent.throughput, '/s');
  } finally {
    await app.close();
  }
}

/**
 * Sends RATE deliveries per second for SECONDS from a worker thread (the load generator must not
 * share the service's event loop); answers each one's time from its 200 to its ticket being visible.
 */
async function paced(url: string, dataSource: DataSource, organisationId: string): Promise<number[]> {
  const acknowledged = new Map<string, number>();
  const latencies: number[] = [];
  let sending = true;
  const watcher = (async () => {
    while (sending || acknowledged.size) {
      const waiting = [...acknowledged.keys()];
      if (waiting.length) {
        const rows = await dataSource.query<{ external_id: string }[]>(
          `SELECT external_id FROM message WHERE organisation_id = $1 AND platform = 'facebook' AND external_id = ANY($2)`,
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
  const sender = new Worker(SENDER, {
    eval: true,
    workerData: {
      senders: new URL('../../fakes/platform-senders.js', import.meta.url).href,
      url,
      secret: APP_SECRET,
      pageId: PAGE_ID,
      rate: RATE,
      seconds: SECONDS,
    },
  });
  await new Promise<void>((resolve, reject) => {
    sender.on('message', (message: { commentId: string; at: number } | { error: string }) => {
      if ('error' in message) reject(new Error(message.error));
      else acknowledged.set(message.commentId, message.at);
    });
    sender.once('error', reject);
    sender.once('exit', () => resolve());
  });
  sending = false;
  await watcher;
  return latencies;
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
      sendDelivery(workerData.url, signedFacebookDelivery(comment.payload, workerData.secret)).then((answer) => {
        if (answer.status !== 200) throw new Error('delivery answered ' + answer.status);
        parentPort.postMessage({ commentId: comment.event.commentId, at: performance.timeOrigin + performance.now() });
      }),
    );
  }
  await Promise.all(inFlight);
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

/** The autocannon worker's request factory: a new signed comment per request (see intake.ts). */
async function signedCommentSetup(): Promise<string> {
  const { signedCommentModule } = await import('./intake.js');
  return signedCommentModule(APP_SECRET, PAGE_ID);
}
