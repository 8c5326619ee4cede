import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClassificationService } from '../../../src/classification/classification.service.js';
import { DEFAULT_DEPARTMENTS } from '../../../src/departments/default-departments.js';
import { decide, DEFAULT_THRESHOLDS } from '../../../src/classification/classification-decision.util.js';
import { findPersonalData } from '../../../src/classification/personal-data.util.js';
import { officialCommunes } from '../../../src/classification/places.service.js';
import { buildCommuneIndex, findPlaces } from '../../../src/classification/places.util.js';
import {
  deserialiseModel,
  predict,
  serialiseModel,
  trainClassifier,
  CALIBRATION_FOLDS,
} from '../../../src/classification/text-classifier.util.js';
import { normaliseAndTokenise } from '../../../src/classification/text-normalisation.util.js';
import { loadHeldOutExamples, loadTrainingExamples } from '../../../src/classification/training-data.js';
import { OrganisationsService } from '../../../src/organisations/organisations.service.js';
import { Bench } from '../bench.js';
import { load, startBenchApp } from '../harness.js';

const PASSWORD = 'bench-password-2026';
const CODES = DEFAULT_DEPARTMENTS.map((d) => d.code);

/**
 * classify.train: the default model on the shipped data, as the service trains it
 * (CALIBRATION_FOLDS-fold calibration). classify.throughput: messages per second through ClassificationService.classify on
 * one core (model, decision, places, personal data), with its ratio against only normalising and
 * tokenising the same texts. classify.rss: what loading a stored model adds to a fresh process.
 * classify.http.p99: POST /api/classify under load.
 */
export default async function classify(bench: Bench): Promise<void> {
  const training = loadTrainingExamples();
  const started = process.hrtime.bigint();
  const { model } = await trainClassifier(training, { departments: CODES, folds: CALIBRATION_FOLDS });
  bench.figure('train', Number(process.hrtime.bigint() - started) / 1e9, 's');
  const serialised = serialiseModel(model);
  bench.figure('model.size', serialised.length / 1e6, 'MB');

  const texts = [...loadHeldOutExamples(), ...training].map(({ text, context, platform }) => ({
    text,
    context,
    platform,
  }));
  const { app, url } = await startBenchApp();
  try {
    const organisations = app.get(OrganisationsService);
    const organisation = await organisations.ensure({ name: 'Bench', slug: 'bench', territory: ['49'] });
    await organisations.ensureOperator({ email: 'bench@example.test', password: PASSWORD }, organisation.id);
    const service = app.get(ClassificationService);
    await service.classify(organisation.id, texts[0]); // trains and stores the default model once

    // Same texts, same run: the full classification, then only normalisation and tokenisation.
    const ours = await rate(async (i) => {
      await service.classify(organisation.id, texts[i % texts.length]);
    });
    const baseline = await rate(async (i) => {
      const { text, context } = texts[i % texts.length];
      normaliseAndTokenise(text);
      if (context) normaliseAndTokenise(context);
    });
    bench.figure('throughput', ours, 'messages/s');
    bench.figure('baseline.throughput', baseline, 'messages/s');
    bench.ratio('throughput', ours, baseline);

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const requests = texts.slice(0, 200).map((input) => ({
      method: 'POST' as const,
      path: '/api/classify',
      headers,
      body: JSON.stringify(input),
    }));
    await load({ url, requests, connections: 16, duration: 2 });
    const result = await load({ url, requests, connections: 16, duration: 10 });
    if (result.non2xx || result.errors)
      throw new Error(`classify: ${result.non2xx} non-2xx, ${result.errors} errors`);
    bench.figure('http.throughput', result.throughput, '/s');
    bench.figure('http.p99', result.p99, 'ms');
  } finally {
    await app.close();
  }

  bench.figure('rss', rssOfLoadedModel(serialised), 'MB');
}

/** Calls per second of `work`, run back to back for about two seconds after a short warm-up. */
async function rate(work: (i: number) => Promise<void> | void): Promise<number> {
  for (let i = 0; i < 300; i++) await work(i);
  const started = process.hrtime.bigint();
  let count = 0;
  while (Number(process.hrtime.bigint() - started) < 2e9) {
    await work(count);
    count++;
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Resident memory a fresh process gains by loading the model and the communes, and classifying. */
function rssOfLoadedModel(serialised: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'eguichet-bench-model-'));
  try {
    const file = join(dir, 'model.bin');
    writeFileSync(file, serialised);
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--rss-child', file],
      {
        encoding: 'utf8',
      },
    );
    return Number(output.trim().split('\n').at(-1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rssChild(file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const data = readFileSync(file);
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = process.memoryUsage().rss;
  const model = deserialiseModel(data);
  const index = buildCommuneIndex(officialCommunes(), ['49']);
  const departments = new Set(CODES);
  for (const { text } of loadHeldOutExamples().slice(0, 200)) {
    findPlaces(text, undefined, index);
    decide(model, predict(model, { text }), { thresholds: DEFAULT_THRESHOLDS, departments });
    findPersonalData(text);
  }
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.log((process.memoryUsage().rss - before) / 1e6);
}

if (
  process.argv[2] === '--rss-child' &&
  process.argv[3] &&
  process.argv[1] === fileURLToPath(import.meta.url)
) {
  rssChild(process.argv[3]).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
