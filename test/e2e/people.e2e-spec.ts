import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTeam, login } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('users and departments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM "${table}"`))[0].n);

  it('lets an admin create an agent bound to a department, who can sign in', async () => {
    const { tokens } = await createTeam(t);
    const created = await t.http
      .post('/api/users')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        email: 'Agent.Voirie@Example.test',
        name: 'Luc Garnier',
        role: 'agent',
        password: 'mot-de-passe-long',
        department: 'routes',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'agent.voirie@example.test',
      role: 'agent',
      department: 'routes',
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const token = await login(t, 'agent.voirie@example.test', 'mot-de-passe-long');
    const me = await t.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(200);
    expect((me.body as { department: string }).department).toBe('routes');
  });

  it('refuses a duplicate email and a duplicate department code with 409, changing nothing', async () => {
    const { tokens, users } = await createTeam(t);
    const usersBefore = await count('user');
    await t.http
      .post('/api/users')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ email: users.cm.email, name: 'Autre', role: 'cm', password: 'mot-de-passe-long' })
      .expect(409);
    await t.http
      .post('/api/departments')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ code: 'routes', name: 'Encore', emails: [] })
      .expect(409);
    expect(await count('user')).toBe(usersBefore);
    expect(await count('department')).toBe(1);
  });

  it.each([
    ['an over-long name', { name: 'x'.repeat(121) }],
    ['a wrong type', { name: 42 }],
    ['an extra field', { organisationId: '00000000-0000-4000-8000-000000000000' }],
    ['an unknown role', { role: 'superuser' }],
    ['an agent without department', { role: 'agent' }],
    ['a department for a non-agent', { department: 'routes' }],
    ['a short password', { password: 'short' }],
  ])('refuses %s with 400, changing nothing', async (_, change) => {
    const { tokens } = await createTeam(t);
    const before = await count('user');
    await t.http
      .post('/api/users')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        email: 'new@example.test',
        name: 'Nouvelle',
        role: 'cm',
        password: 'mot-de-passe-long',
        ...change,
      })
      .expect(400);
    expect(await count('user')).toBe(before);
  });

  it('keeps roles to their routes: 403 for a cm on admin routes, an agent or official outside theirs', async () => {
    const { tokens } = await createTeam(t);
    await t.http.get('/api/users').auth(tokens.cm, { type: 'bearer' }).expect(403);
    await t.http
      .post('/api/departments')
      .auth(tokens.cm, { type: 'bearer' })
      .send({ code: 'x1', name: 'X', emails: [] })
      .expect(403);
    await t.http.get('/api/departments').auth(tokens.cm, { type: 'bearer' }).expect(200);
    for (const role of ['agent', 'official'] as const) {
      await t.http.get('/api/departments').auth(tokens[role], { type: 'bearer' }).expect(403);
      await t.http.get('/api/users').auth(tokens[role], { type: 'bearer' }).expect(403);
      await t.http.get('/api/audit').auth(tokens[role], { type: 'bearer' }).expect(403);
    }
    await t.http
      .post('/api/organisations')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        name: 'X',
        slug: 'x-org',
        admin: { email: 'x@example.test', name: 'X', password: 'mot-de-passe-long' },
      })
      .expect(403);
  });

  it("answers another organisation's user and department as unknown (404), and changes nothing", async () => {
    const ours = await createTeam(t);
    const theirs = await createTeam(t);
    await t.http
      .get(`/api/users/${theirs.users.cm.id}`)
      .auth(ours.tokens.admin, { type: 'bearer' })
      .expect(404);
    await t.http
      .patch(`/api/users/${theirs.users.cm.id}`)
      .auth(ours.tokens.admin, { type: 'bearer' })
      .send({ name: 'Piraté' })
      .expect(404);
    await t.http
      .patch('/api/departments/routes')
      .auth(ours.tokens.admin, { type: 'bearer' })
      .send({ name: 'Renommé' })
      .expect(200);
    const theirDepartment = await t.http
      .get('/api/departments/routes')
      .auth(theirs.tokens.admin, { type: 'bearer' })
      .expect(200);
    expect((theirDepartment.body as { name: string }).name).toBe('Routes et infrastructures');
    const list = await t.http.get('/api/users').auth(ours.tokens.admin, { type: 'bearer' }).expect(200);
    expect((list.body as { id: string }[]).map((user) => user.id)).not.toContain(theirs.users.cm.id);
  });

  it('ends the sessions of a person whose role changes', async () => {
    const { tokens, users } = await createTeam(t);
    await t.http.get('/api/departments').auth(tokens.cm, { type: 'bearer' }).expect(200);
    await t.http
      .patch(`/api/users/${users.cm.id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ role: 'official' })
      .expect(200);
    await t.http.get('/api/departments').auth(tokens.cm, { type: 'bearer' }).expect(401);
  });

  it('creates, updates and audits departments', async () => {
    const { tokens } = await createTeam(t);
    await t.http
      .post('/api/departments')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        code: 'etat-civil',
        name: 'État civil',
        emails: ['Etat.Civil@Mairie.example'],
        examples: ['acte de naissance'],
      })
      .expect(201);
    const updated = await t.http
      .patch('/api/departments/etat-civil')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ emails: ['ec@mairie.example', 'ec@mairie.example'] })
      .expect(200);
    expect((updated.body as { emails: string[] }).emails).toEqual(['ec@mairie.example']);
    await t.http
      .patch('/api/departments/nope')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ name: 'X' })
      .expect(404);
    const audit = await t.http.get('/api/audit').auth(tokens.admin, { type: 'bearer' }).expect(200);
    const actions = (audit.body as { items: { action: string }[] }).items.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['department.create', 'department.update']));
  });

  it('pages the audit trail with a cursor', async () => {
    const { tokens } = await createTeam(t);
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/departments')
        .auth(tokens.admin, { type: 'bearer' })
        .send({ code: `d${i}`, name: `D${i}`, emails: [] })
        .expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { limit: 2, ...(cursor ? { cursor } : {}) };
      const page = await t.http
        .get('/api/audit')
        .query(query)
        .auth(tokens.admin, { type: 'bearer' })
        .expect(200);
      const body = page.body as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    await t.http.get('/api/audit?cursor=garbage').auth(tokens.admin, { type: 'bearer' }).expect(400);
    await t.http.get('/api/audit?limit=500').auth(tokens.admin, { type: 'bearer' }).expect(400);
  });
});
