import type { TestApp } from './test-app.js';

/** What POST /api/classify answers (the contract plus explanation, places and personal data). */
export interface ClassificationBody {
  department: { code: string | null; confidence: number };
  intent: { code: string; confidence: number };
  sentiment: string;
  toxic: boolean;
  language: string;
  needsReview: boolean;
  explanation: { department: string[]; intent: string[]; reviewReasons: string[] };
  places: Array<{ kind: string; text: string; name: string; code?: string }>;
  personalData: Array<{ kind: string; start: number; end: number }>;
  modelVersion: string;
}

export interface ModelBody {
  version: string;
  scope: 'default' | 'organisation';
  trainedAt: string;
  examples: number;
  corrections: number;
  departments: string[];
  evaluation: {
    heldOut: number;
    corrections: number;
    score: number;
    accepted: boolean;
    previousScore: number | null;
  } | null;
  retrainPending: boolean;
  history: Array<{
    version: string;
    status: string;
    corrections: number;
    evaluation: { accepted: boolean; corrections: number } | null;
  }>;
}

export async function classify(
  app: TestApp,
  token: string,
  body: { text: string; context?: string; platform?: string },
): Promise<ClassificationBody> {
  const response = await app.http
    .post('/api/classify')
    .auth(token, { type: 'bearer' })
    .send(body)
    .expect(200);
  return response.body as ClassificationBody;
}

export async function currentModel(app: TestApp, token: string): Promise<ModelBody> {
  const response = await app.http
    .get('/api/classification/model')
    .auth(token, { type: 'bearer' })
    .expect(200);
  return response.body as ModelBody;
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
