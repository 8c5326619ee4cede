import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHttpApp } from '../../src/http-app.js';
import {
  classify,
  currentModel,
  type ClassificationBody,
  type ModelBody,
} from '../support/classification-factories.js';
import { createOrganisation, createTeam, createUser, login } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import type { Server } from 'node:http';
import request from 'supertest';
import { DEFAULT_DEPARTMENTS } from '../../src/departments/default-departments.js';
import { Department } from '../../src/departments/department.entity.js';

/** The default taxonomy, as a new organisation gets it. */
async function defaultDepartments(t: TestApp, organisationId: string): Promise<void> {
  await t.dataSource.getRepository(Department).save(
    DEFAULT_DEPARTMENTS.filter((d) => d.code !== 'routes').map((d) => ({
      organisationId,
      code: d.code,
      name: d.name,
      description: d.description,
      emails: [],
    })),
  );
}

describe('Classification API', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createTeam>>;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    team = await createTeam(t);
    await defaultDepartments(t, team.organisation.id);
  });

  it('routes a pothole report to roads, with places, explanation and confidences', async () => {
    const body = await classify(t, team.tokens.cm, {
      text: 'gros nid de poule route de brézé jai explosé mon pneu sur la D960',
      platform: 'facebook',
    });
    expect(body).toMatchObject({
      department: { code: 'routes' },
      intent: { code: 'report' },
      sentiment: 'negative',
      toxic: false,
      language: 'fr',
    });
    for (const confidence of [body.department.confidence, body.intent.confidence]) {
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    expect(body.explanation.department.length).toBeGreaterThan(0);
    expect(body.places).toEqual(
      expect.arrayContaining([
        { kind: 'commune', text: 'brézé', name: 'Brézé', code: '49060' },
        { kind: 'road', text: 'D960', name: 'RD 960' },
      ]),
    );
    expect(body.personalData).toEqual([]);
    expect(body.modelVersion).toMatch(/^default-\d+$/);
  });

  it('reads the post a short comment answers', async () => {
    const body = await classify(t, team.tokens.cm, {
      text: 'et pour les 6e ?',
      context: 'Rentrée : les horaires des cars scolaires sont en ligne sur notre site.',
      platform: 'facebook',
    });
    expect(body.department.code).toBe('mobilites');
    expect(body.intent.code).toBe('request');
  });

  it('returns the personal data it found, as spans', async () => {
    const text =
      'Bonjour, ma mère née le 12/03/1941 attend toujours la réponse pour son dossier APA depuis 3 mois, pouvez-vous me rappeler au 06 12 34 56 78 ? Merci';
    const body = await classify(t, team.tokens.admin, { text });
    expect(body.department.code).toBe('solidarites');
    expect(body.personalData.map((span) => [span.kind, text.slice(span.start, span.end)])).toEqual([
      ['birthdate', '12/03/1941'],
      ['phone', '06 12 34 56 78'],
    ]);
  });

  it('sends what it is unsure of, toxic or foreign to review, and says why', async () => {
    const toxic = await classify(t, team.tokens.cm, {
      text: 'encore un trou sur la route de Doué, bande d incapables vous faites jamais rien',
    });
    expect(toxic.toxic).toBe(true);
    expect(toxic.needsReview).toBe(true);
    expect(toxic.explanation.reviewReasons).toContain('toxic');
    expect(toxic.department.code).toBe('routes');

    const english = await classify(t, team.tokens.cm, {
      text: 'Hello, is the cycle path along the Loire open this week? We are coming with our kids.',
    });
    expect(english.language).toBe('en');
    expect(english.needsReview).toBe(true);
    expect(english.explanation.reviewReasons).toContain('not-french');

    const arabic = await classify(t, team.tokens.cm, { text: 'مرحبا، متى يمر الحافلة المدرسية؟' });
    expect(arabic.language).toBe('ar');
  });

  it('reports certain spam as spam, without department, and not for review', async () => {
    const body = await classify(t, team.tokens.cm, {
      text: '💎 Opportunité unique 💎 Investissez dans le bitcoin et recevez 15% de rendement chaque semaine, garanti ! Contactez-moi sur WhatsApp 👉 crypto-gains.biz',
    });
    expect(body.intent.code).toBe('spam');
    expect(body.department.code).toBeNull();
    expect(body.intent.confidence).toBeGreaterThanOrEqual(0.9);
    expect(body.needsReview).toBe(false);
  });

  it('lets admins, not CMs, set the review thresholds of their organisation only', async () => {
    const defaults = await t.http
      .get('/api/classification/settings')
      .auth(team.tokens.cm, { type: 'bearer' })
      .expect(200);
    expect(defaults.body).toEqual({
      departmentThreshold: 0.8,
      intentThreshold: 0.8,
      defaults: { departmentThreshold: 0.8, intentThreshold: 0.8 },
    });
    await t.http
      .patch('/api/classification/settings')
      .auth(team.tokens.cm, { type: 'bearer' })
      .send({ departmentThreshold: 0.5 })
      .expect(403);
    for (const bad of [
      { departmentThreshold: 1.5 },
      { intentThreshold: -0.1 },
      { intentThreshold: 'high' },
      { other: 1 },
    ]) {
      await t.http
        .patch('/api/classification/settings')
        .auth(team.tokens.admin, { type: 'bearer' })
        .send(bad)
        .expect(400);
    }
    const text = 'Bonjour, le car de la ligne 12 est passé en avance ce matin, ma fille l a raté';
    await t.http
      .patch('/api/classification/settings')
      .auth(team.tokens.admin, { type: 'bearer' })
      .send({ departmentThreshold: 1, intentThreshold: 1 })
      .expect(200);
    const strict = await classify(t, team.tokens.cm, { text });
    expect(strict.needsReview).toBe(true);
    expect(strict.explanation.reviewReasons).toEqual(
      expect.arrayContaining(['department-unsure', 'intent-unsure']),
    );

    const updated = await t.http
      .patch('/api/classification/settings')
      .auth(team.tokens.admin, { type: 'bearer' })
      .send({ departmentThreshold: 0, intentThreshold: 0 })
      .expect(200);
    expect(updated.body).toMatchObject({ departmentThreshold: 0, intentThreshold: 0 });
    const lax = await classify(t, team.tokens.cm, { text });
    expect(lax.explanation.reviewReasons).not.toContain('department-unsure');
    expect(lax.explanation.reviewReasons).not.toContain('intent-unsure');

    // Another organisation keeps the defaults.
    const other = await createOrganisation(t.dataSource);
    const otherAdmin = await createUser(t.dataSource, other.id, 'admin');
    const otherSettings = await t.http
      .get('/api/classification/settings')
      .auth(await login(t, otherAdmin.email), { type: 'bearer' })
      .expect(200);
    expect(otherSettings.body).toMatchObject({ departmentThreshold: 0.8, intentThreshold: 0.8 });
  });

  it('shows the model in use, when and on how much it was trained, and its evaluation', async () => {
    const model = await currentModel(t, team.tokens.cm);
    expect(model).toMatchObject({ scope: 'default', corrections: 0, retrainPending: false });
    expect(model.version).toMatch(/^default-\d+$/);
    expect(model.examples).toBeGreaterThan(4000);
    expect(model.departments).toEqual(expect.arrayContaining(DEFAULT_DEPARTMENTS.map((d) => d.code)));
    expect(model.evaluation).toMatchObject({ heldOut: expect.any(Number), accepted: true });
    expect(model.evaluation!.heldOut).toBeGreaterThan(500);
    expect(model.evaluation!.score).toBeGreaterThan(0.5);
    expect(Date.parse(model.trainedAt)).not.toBeNaN();
  });

  it('keeps the trained model in the database: a restarted service loads it instead of training again', async () => {
    const start = async () => {
      const app = await createHttpApp({ ...t.config, databaseUrl: t.databaseUrl }, t.databaseUrl, false);
      await app.init();
      return app;
    };
    const modelOf = async (app: Awaited<ReturnType<typeof start>>) =>
      (
        await request(app.getHttpServer() as Server)
          .get('/api/classification/model')
          .auth(team.tokens.cm, { type: 'bearer' })
          .expect(200)
      ).body as ModelBody;
    // The tests empty the database between tests: this instance trains and stores the default model…
    const first = await start();
    let trained: ModelBody;
    try {
      trained = await modelOf(first);
    } finally {
      await first.close();
    }
    // …and the next one finds it.
    const second = await start();
    try {
      expect(await modelOf(second)).toMatchObject({ version: trained.version, trainedAt: trained.trainedAt });
      const [{ count }] = await t.dataSource.query<Array<{ count: string }>>(
        'SELECT count(*) AS count FROM classification_model WHERE organisation_id IS NULL',
      );
      expect(Number(count)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('refuses agents, officials and anonymous callers', async () => {
    const body = { text: 'nid de poule' };
    await t.http.post('/api/classify').auth(team.tokens.agent, { type: 'bearer' }).send(body).expect(403);
    await t.http.post('/api/classify').auth(team.tokens.official, { type: 'bearer' }).send(body).expect(403);
    await t.http.post('/api/classify').send(body).expect(401);
    await t.http.get('/api/classification/model').auth(team.tokens.agent, { type: 'bearer' }).expect(403);
  });

  describe('bad input', () => {
    const post = (body: unknown) =>
      t.http
        .post('/api/classify')
        .auth(team.tokens.cm, { type: 'bearer' })
        .send(body as object);

    it.each([
      ['an empty text', { text: '' }],
      ['whitespace only', { text: '  \n\t  ' }],
      ['no text', { platform: 'facebook' }],
      ['a text that is not a string', { text: 42 }],
      ['a text over 20,000 characters', { text: 'a'.repeat(20_001) }],
      ['a platform outside facebook and twitter', { text: 'bonjour', platform: 'instagram' }],
      ['an unknown field', { text: 'bonjour', language: 'fr' }],
      ['a context that is not a string', { text: 'bonjour', context: ['x'] }],
    ])('answers %s with a 400 in the error shape', async (_, body) => {
      const response = await post(body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('answers malformed JSON with a 400', async () => {
      await t.http
        .post('/api/classify')
        .auth(team.tokens.cm, { type: 'bearer' })
        .set('content-type', 'application/json')
        .send('{"text": "nid de')
        .expect(400);
    });

    it('gives a sane answer, never a 5xx, to odd texts', async () => {
      const paste = 'Bonjour, la route départementale entre Doué et Saumur est pleine de trous. '
        .repeat(140)
        .slice(0, 10_000);
      const odd = [
        paste,
        'a'.repeat(20_000),
        '😡😡😡🙄',
        '???!!!',
        'nid\u0000 de\u0007 poule\u001b[31m sur la\u200b D960\u202e',
        'Привет, 你好, مرحبا, bonjour: le car scolaire est en retard 🚌',
        'x',
      ];
      for (const text of odd) {
        const response = await post({ text, platform: 'twitter' });
        expect(response.status).toBe(200);
        const body = response.body as ClassificationBody;
        expect(['negative', 'neutral', 'positive']).toContain(body.sentiment);
        expect(body.department.confidence).toBeGreaterThanOrEqual(0);
        expect(body.department.confidence).toBeLessThanOrEqual(1);
      }
      const emojis = (await post({ text: '😡😡😡' }).expect(200)).body as ClassificationBody;
      expect(emojis.needsReview).toBe(true);
      expect(emojis.explanation.reviewReasons).toContain('empty');
      const pasted = (await post({ text: paste }).expect(200)).body as ClassificationBody;
      expect(pasted.department.code).toBe('routes');
    });
  });
});
