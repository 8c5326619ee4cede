import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_DEPARTMENTS } from '../../src/departments/default-departments.js';
import { createTeam, login } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('organisations (platform operator)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  async function operator() {
    const team = await createTeam(t);
    await t.dataSource.query('UPDATE "user" SET operator = true WHERE id = $1', [team.users.admin.id]);
    return team;
  }

  it('creates an organisation with the default departments, without addresses, and its first admin', async () => {
    const { tokens } = await operator();
    const created = await t.http
      .post('/api/organisations')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        name: 'Commune de Brézé',
        slug: 'breze',
        admin: { email: 'maire@breze.example', name: 'Anne Roy', password: 'mot-de-passe-long' },
      })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), slug: 'breze' });
    const adminToken = await login(t, 'maire@breze.example', 'mot-de-passe-long');
    const departments = await t.http.get('/api/departments').auth(adminToken, { type: 'bearer' }).expect(200);
    const list = departments.body as { code: string; emails: string[] }[];
    expect(list.map((d) => d.code).sort()).toEqual(DEFAULT_DEPARTMENTS.map((d) => d.code).sort());
    expect(list.every((d) => d.emails.length === 0)).toBe(true);
    const me = await t.http.get('/api/auth/me').auth(adminToken, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({
      role: 'admin',
      operator: false,
      organisationId: (created.body as { id: string }).id,
    });
  });

  it('refuses a duplicate slug or admin email with 409, creating nothing', async () => {
    const { tokens, users } = await operator();
    const before = Number(
      (await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM organisation'))[0].n,
    );
    await t.http
      .post('/api/organisations')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        name: 'X',
        slug: 'x-org',
        admin: { email: users.cm.email, name: 'X', password: 'mot-de-passe-long' },
      })
      .expect(409);
    const after = Number(
      (await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM organisation'))[0].n,
    );
    expect(after).toBe(before);
  });

  it('answers 403 to an admin who is not the operator, and 400 to a malformed body', async () => {
    const { tokens } = await operator();
    const other = await createTeam(t);
    await t.http.get('/api/organisations').auth(other.tokens.admin, { type: 'bearer' }).expect(403);
    await t.http
      .post('/api/organisations')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ name: 'X', slug: 'Not A Slug', admin: { email: 'bad' } })
      .expect(400);
  });
});
