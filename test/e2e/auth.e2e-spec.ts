import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createOrganisation, createUser, login, PASSWORD } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  async function someone(role: 'admin' | 'cm' = 'cm') {
    const organisation = await createOrganisation(t.dataSource);
    return createUser(t.dataSource, organisation.id, role);
  }

  it('signs in and tells who is signed in', async () => {
    const user = await someone();
    const token = await login(t, user.email.toUpperCase());
    const me = await t.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(200);
    expect(me.body).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: 'cm',
      organisationId: user.organisationId,
      department: null,
      operator: false,
    });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await someone();
    const wrong = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'not-the-password' });
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('refuses a missing, forged or expired token with 401', async () => {
    const user = await someone();
    await t.http.get('/api/auth/me').expect(401);
    await t.http.get('/api/auth/me').auth('not.a.token', { type: 'bearer' }).expect(401);
    const forged = new JwtService({ secret: 'another-secret-another-secret-123456' }).sign({
      sub: user.id,
      org: user.organisationId,
      ver: 0,
    });
    await t.http.get('/api/auth/me').auth(forged, { type: 'bearer' }).expect(401);
    const expired = new JwtService({ secret: t.config.jwtSecret }).sign(
      { sub: user.id, org: user.organisationId, ver: 0 },
      { expiresIn: -10 },
    );
    const response = await t.http.get('/api/auth/me').auth(expired, { type: 'bearer' }).expect(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid or expired token',
    });
  });

  it('locks an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const user = await someone();
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: `wrong-${i}` })
        .expect(401);
    }
    const locked = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('limits failures per address across accounts', async () => {
    for (let i = 0; i < 30; i++) {
      await t.http
        .post('/api/auth/login')
        .send({ email: `spray-${i}@example.test`, password: 'guess' })
        .expect(401);
    }
    const user = await someone();
    await t.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(429);
  });

  it('rotates refresh tokens and revokes the family when a spent one comes back', async () => {
    const user = await someone();
    const first = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const refreshToken = (first.body as { refreshToken: string }).refreshToken;
    const second = await t.http.post('/api/auth/refresh').send({ refreshToken }).expect(200);
    const next = (second.body as { refreshToken: string; accessToken: string }).refreshToken;
    await t.http
      .get('/api/auth/me')
      .auth((second.body as { accessToken: string }).accessToken, { type: 'bearer' })
      .expect(200);
    // The spent token again: theft; the newer token of the same family dies with it.
    await t.http.post('/api/auth/refresh').send({ refreshToken }).expect(401);
    await t.http.post('/api/auth/refresh').send({ refreshToken: next }).expect(401);
  });

  it('ends every session on logout', async () => {
    const user = await someone();
    const tokens = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const { accessToken, refreshToken } = tokens.body as { accessToken: string; refreshToken: string };
    await t.http.post('/api/auth/logout').auth(accessToken, { type: 'bearer' }).expect(204);
    await t.http.get('/api/auth/me').auth(accessToken, { type: 'bearer' }).expect(401);
    await t.http.post('/api/auth/refresh').send({ refreshToken }).expect(401);
  });

  it('ends every session on a password change, and the new password works', async () => {
    const user = await someone();
    const token = await login(t, user.email);
    await t.http
      .post('/api/auth/password')
      .auth(token, { type: 'bearer' })
      .send({ currentPassword: 'wrong-current', newPassword: 'a-new-password-2026' })
      .expect(400);
    await t.http
      .post('/api/auth/password')
      .auth(token, { type: 'bearer' })
      .send({ currentPassword: PASSWORD, newPassword: 'a-new-password-2026' })
      .expect(204);
    await t.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(401);
    await login(t, user.email, 'a-new-password-2026');
  });

  it('records sign-ins in the audit trail', async () => {
    const admin = await someone('admin');
    const token = await login(t, admin.email);
    const audit = await t.http.get('/api/audit').auth(token, { type: 'bearer' }).expect(200);
    const actions = (audit.body as { items: { action: string }[] }).items.map((entry) => entry.action);
    expect(actions).toContain('auth.login');
  });
});
