import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTeam } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface ClassificationBody {
  department: { code: string | null; confidence: number };
  intent: { code: string; confidence: number };
  sentiment: string;
  toxic: boolean;
  language: string;
  needsReview: boolean;
  explanation: { department: string[]; intent: string[]; reviewReasons: string[] };
  places: unknown[];
  personalData: Array<{ kind: string; start: number; end: number }>;
  modelVersion: string;
}

describe('POST /api/classify', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof createTeam>>;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    team = await createTeam(t);
  });

  it('routes a pothole report to roads with calibrated confidences', async () => {
    const response = await t.http
      .post('/api/classify')
      .auth(team.tokens.cm, { type: 'bearer' })
      .send({ text: 'gros nid de poule route de brézé jai explosé mon pneu', platform: 'facebook' })
      .expect(200);
    const body = response.body as ClassificationBody;
    expect(body.department.code).toBe('routes');
    expect(body.intent.code).toBe('report');
    expect(body.sentiment).toBe('negative');
    expect(body.toxic).toBe(false);
    expect(body.language).toBe('fr');
    expect(body.department.confidence).toBeGreaterThan(0);
    expect(body.department.confidence).toBeLessThanOrEqual(1);
  }, 120_000);
});
