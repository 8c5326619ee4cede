import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Channel } from '../../../src/channels/channel.entity.js';
import { ClassificationService } from '../../../src/classification/classification.service.js';
import { OrganisationsService } from '../../../src/organisations/organisations.service.js';
import { Bench } from '../bench.js';
import { load, startBenchApp } from '../harness.js';

const APP_SECRET = 'bench-app-secret';
const PAGE_ID = '100000000000042';
const CONNECTIONS = 64;
const SECONDS = 20;

/**
 * Signed Facebook deliveries (a new comment each, Meta's escaped JSON) over loopback, 64 connections
 * for 20 s, to the real route (signature, routing, group-committed store and enqueue, 200), with the
 * processing workers of the same instance running as in production. Baseline in the same run: a bare
 * node:http server checking the same signature and doing one INSERT ... ON CONFLICT DO NOTHING of
 * the body per request. The load generator runs in a worker thread of this process.
 */
export default async function intake(bench: Bench): Promise<void> {
  const { app, url, dataSource, databaseUrl } = await startBenchApp({ FACEBOOK_APP_SECRET: APP_SECRET });
  const organisation = await app.get(OrganisationsService).ensure({ name: 'Bench', slug: 'bench-intake' });
  await dataSource
    .getRepository(Channel)
    .save({ organisationId: organisation.id, platform: 'facebook', externalId: PAGE_ID, name: 'Page' });

  // The first classification trains the default model (seconds of CPU): done before measuring.
  await app.get(ClassificationService).classify(organisation.id, { text: 'Bonjour' });

  await dataSource.query('CREATE TABLE baseline_delivery (LIKE delivery INCLUDING ALL)');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const baseline = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const given = Buffer.from(String(request.headers['x-hub-signature-256'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.writeHead(401).end();
        return;
      }
      pool
        .query(
          `INSERT INTO baseline_delivery (channel_external_id, platform, source, dedupe_key, body, status)
           VALUES ($1, 'facebook', 'webhook', $2, $3, 'received') ON CONFLICT (dedupe_key) DO NOTHING`,
          [PAGE_ID, createHash('sha256').update(body).digest('hex'), body.toString('utf8')],
        )
        .then(() =>
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received"}'),
        )
        .catch(() => response.writeHead(503).end());
    });
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/webhooks/facebook`;

  const dir = mkdtempSync(join(tmpdir(), 'eguichet-bench-intake-'));
  const setupRequest = join(dir, 'signed-comment.cjs');
  writeFileSync(setupRequest, signedCommentModule(APP_SECRET, PAGE_ID));
  const run = (target: string, duration: number) =>
    load({
      url: target,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      workers: 1,
      requests: [{ method: 'POST', setupRequest }],
    });

  try {
    // The baseline first: our run leaves a backlog that our workers keep processing afterwards.
    await run(baselineUrl, 3);
    const bare = await run(baselineUrl, SECONDS);
    await run(`${url}/webhooks/facebook`, 3);
    const ours = await run(`${url}/webhooks/facebook`, SECONDS);
    if (ours.non2xx || ours.errors) throw new Error(`intake: ${ours.non2xx} non-2xx, ${ours.errors} errors`);
    if (bare.non2xx || bare.errors)
      throw new Error(`intake baseline: ${bare.non2xx} non-2xx, ${bare.errors} errors`);
    bench.figure('throughput', ours.throughput, '/s');
    bench.figure('p99', ours.p99, 'ms');
    bench.figure('p50', ours.p50, 'ms');
    bench.figure('baseline.throughput', bare.throughput, '/s');
    bench.figure('baseline.p99', bare.p99, 'ms');
    bench.ratio('throughput', ours.throughput, bare.throughput);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    baseline.close();
    await pool.end();
    await app.close();
  }
}

/**
 * autocannon's workers load `setupRequest` from a file: a new comment per request, serialised and
 * signed as Meta does (non-ASCII as \uXXXX, `/` as `\/`, X-Hub-Signature-256 over those bytes).
 */
function signedCommentModule(secret: string, pageId: string): string {
  return `'use strict';
const { createHmac, randomBytes } = require('node:crypto');
const prefix = randomBytes(4).readUInt32BE(0) % 1000000;
let sequence = 0;
const escape = (json) =>
  json.replace(/\\//g, '\\\\/').replace(/[\\u0080-\\uffff]/g, (c) => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
module.exports = function setupRequest(request) {
  sequence += 1;
  const post = '${pageId}_' + (900000000 + (sequence % 1000));
  const commentId = prefix + '' + sequence;
  const now = Math.floor(Date.now() / 1000);
  const body = escape(JSON.stringify({
    object: 'page',
    entry: [{ id: '${pageId}', time: now, changes: [{ field: 'feed', value: {
      from: { id: String(4000000000 + (sequence % 50000)), name: 'Hélène Bénard' },
      post: { status_type: 'mobile_status_update', is_published: true, permalink_url: 'https://www.facebook.com/${pageId}/posts/' + post, id: post },
      message: 'Le car scolaire de la ligne 12 n’est pas passé ce matin à l’arrêt de l’église, encore une fois.',
      post_id: post, comment_id: post.split('_')[1] + '_' + commentId, created_time: now, item: 'comment', parent_id: post, verb: 'add',
    } }] }],
  }));
  request.body = body;
  request.headers = Object.assign({}, request.headers, {
    'content-type': 'application/json',
    'x-hub-signature-256': 'sha256=' + createHmac('sha256', '${secret}').update(body).digest('hex'),
  });
  return request;
};
`;
}
