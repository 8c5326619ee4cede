import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { OrganisationsService } from '../../../src/organisations/organisations.service.js';
import { Bench } from '../bench.js';
import { load, startBenchApp } from '../harness.js';

const PASSWORD = 'bench-password-2026';

/**
 * GET /api/departments (auth, role check, tenant-scoped query, JSON) against a bare node:http server
 * answering the same JSON from the same database; then sign-ins per second with the real scrypt cost.
 */
export default async function api(bench: Bench): Promise<void> {
  const { app, url, databaseUrl } = await startBenchApp();
  const organisation = await app.get(OrganisationsService).ensure({ name: 'Bench', slug: 'bench' });
  await app
    .get(OrganisationsService)
    .ensureOperator({ email: 'bench@example.test', password: PASSWORD }, organisation.id);
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const baseline = createServer((_, response) => {
    pool
      .query(
        `SELECT id, code, name, description, emails, examples, active FROM department
          WHERE organisation_id = $1 ORDER BY code`,
        [organisation.id],
      )
      .then(({ rows }) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(rows));
      })
      .catch(() => {
        response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;

  const headers = { authorization: `Bearer ${accessToken}` };
  await load({ url: `${url}/api/departments`, headers, duration: 2 });
  const ours = await load({ url: `${url}/api/departments`, headers, duration: 10 });
  const bare = await load({ url: baselineUrl, duration: 10 });
  if (ours.non2xx || ours.errors) throw new Error(`api: ${ours.non2xx} non-2xx, ${ours.errors} errors`);
  bench.figure('departments.throughput', ours.throughput, '/s');
  bench.figure('departments.p99', ours.p99, 'ms');
  bench.figure('departments.baseline.throughput', bare.throughput, '/s');
  bench.ratio('departments.throughput', ours.throughput, bare.throughput);

  const logins = await load({
    url: `${url}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }),
    connections: 4,
    duration: 10,
  });
  bench.figure('login.throughput', logins.throughput, '/s');
  bench.figure('login.p99', logins.p99, 'ms');

  baseline.close();
  await pool.end();
  await app.close();
}
