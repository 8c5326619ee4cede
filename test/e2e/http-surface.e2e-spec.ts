import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createTeam } from '../support/factories.js';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports health once the database answers and migrations ran', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up', migrations: 'applied' });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const response = await t.http.get('/api/nothing-here').expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });

  it('refuses malformed JSON with 400 and oversized bodies with 413, as JSON', async () => {
    const malformed = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const huge = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.js/);
  });

  it('lists every bad field of a request', async () => {
    const { tokens } = await createTeam(t);
    const response = await t.http
      .post('/api/departments')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ code: 'Bad Code', name: '', emails: ['not-an-email'], extra: 1 })
      .expect(400);
    const messages = (response.body as { message: string[] }).message.join(' | ');
    expect(messages).toMatch(/code/);
    expect(messages).toMatch(/name/);
    expect(messages).toMatch(/emails/);
    expect(messages).toMatch(/extra/);
  });

  it('answers an invalid UUID in a path with 400', async () => {
    const { tokens } = await createTeam(t);
    await t.http.get('/api/users/not-a-uuid').auth(tokens.admin, { type: 'bearer' }).expect(400);
  });

  it('sets security headers and a request id', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('exposes Prometheus metrics with HTTP counts by route pattern', async () => {
    await t.http.get('/health').expect(200);
    const response = await t.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(response.text).toMatch(/process_resident_memory_bytes/);
  });

  it('documents every API route with its roles and errors', async () => {
    const response = await t.http.get('/docs-json').expect(200);
    const document = response.body as { paths: Record<string, Record<string, { responses: object }>> };
    for (const path of [
      '/api/auth/login',
      '/api/auth/me',
      '/api/users',
      '/api/departments',
      '/api/organisations',
    ]) {
      expect(document.paths[path]).toBeDefined();
    }
    expect(Object.keys(document.paths['/api/users'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409']),
    );
    const operations = Object.entries(document.paths)
      .filter(
        ([path]) =>
          path.startsWith('/api/') &&
          !path.startsWith('/api/auth/login') &&
          !path.startsWith('/api/auth/refresh'),
      )
      .flatMap(([, methods]) => Object.values(methods) as { 'x-roles'?: string }[]);
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) expect(operation['x-roles']).toEqual(expect.any(String));
    await t.http.get('/docs').expect(200);
  });
});
