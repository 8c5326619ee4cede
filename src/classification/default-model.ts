import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DEPARTMENTS } from '../departments/default-departments.js';
import type { ModelEvaluation } from './classification-model.entity.js';
import { decideAll, summarise } from './model-evaluation.util.js';
import {
  deserialiseModel,
  predict,
  serialiseModel,
  trainClassifier,
  CALIBRATION_FOLDS,
  type ClassifierModel,
} from './text-classifier.util.js';
import { dataDirectory, loadHeldOutExamples, loadTrainingExamples } from './training-data.js';

/**
 * The default model trained from the shipped data: how it is trained, and the copy shipped in the
 * repository (src/classification/model/, built by `npm run build:classifier`) so that a fresh
 * service or a test run does not spend 10-20 s of CPU training it. The copy is used only when it
 * was built from the same training files and still answers exactly as this code computes (a set of
 * reference predictions is checked at load); otherwise the service trains the model itself.
 */

/** Changes whenever training or features change in a way that makes stored models stale. */
export const MODEL_FORMAT = 'lr-adagrad-cnb-dropout-hash22-v5';
export const DEFAULT_CODES = DEFAULT_DEPARTMENTS.map((department) => department.code);

export interface TrainedDefault {
  model: ClassifierModel;
  fingerprint: string;
  examples: number;
  trainingSeconds: number;
  evaluation: ModelEvaluation;
}

interface ShippedMeta {
  format: string;
  fingerprint: string;
  examples: number;
  trainingSeconds: number;
  evaluation: ModelEvaluation;
  /** Reference texts and the probabilities the model gave them when built. */
  checks: Array<{ text: string; department: number[]; intent: number[] }>;
}

export function hash(parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\u0000');
  return digest.digest('hex').slice(0, 32);
}

/** Hash of the model format and the shipped training files: a new line makes a new default model. */
export function defaultFingerprint(dir = dataDirectory()): string {
  const folder = join(dir, 'train');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  return hash([MODEL_FORMAT, ...files.flatMap((name) => [name, readFileSync(join(folder, name), 'utf8')])]);
}

/** Trains the default model (calibrated as the service does) and evaluates it on the held-out file. */
export async function trainDefault(pause?: () => Promise<void>): Promise<TrainedDefault> {
  const started = Date.now();
  const examples = loadTrainingExamples();
  const { model } = await trainClassifier(examples, {
    departments: DEFAULT_CODES,
    folds: CALIBRATION_FOLDS,
    pause,
  });
  const trainingSeconds = (Date.now() - started) / 1000;
  const heldOut = loadHeldOutExamples();
  const codes = new Set(DEFAULT_CODES);
  const summary = summarise(decideAll(model, heldOut, codes), codes);
  return {
    model,
    fingerprint: defaultFingerprint(),
    examples: examples.length,
    trainingSeconds,
    evaluation: { heldOut: heldOut.length, corrections: 0, ...summary, previousScore: null, accepted: true },
  };
}

function shippedPaths(dir = dataDirectory()): { model: string; meta: string } {
  const folder = join(dir, '..', 'model');
  return { model: join(folder, 'default-model.bin'), meta: join(folder, 'default-model.json') };
}

const CHECK_TEXTS = [
  'gros nid de poule route de brézé jai explosé mon pneu',
  'le bus scolaire de 7h40 est passé en avance ma fille la raté',
  'mon père attend sa PCH depuis l été !!!',
  'merci pour la route toute neuve, une vraie piste de ski 🙄',
  'Investissez dans la crypto 👉 gains.biz',
  'Hello, is the beach open?',
];

function checksOf(model: ClassifierModel): ShippedMeta['checks'] {
  return CHECK_TEXTS.map((text) => {
    const prediction = predict(model, { text });
    return {
      text,
      department: [...prediction.department.probabilities],
      intent: [...prediction.intent.probabilities],
    };
  });
}

/** Writes the shipped copy (the build script). */
export function writeShipped(
  trained: TrainedDefault,
  dir = dataDirectory(),
): { model: string; bytes: number } {
  const paths = shippedPaths(dir);
  const data = serialiseModel(trained.model);
  writeFileSync(paths.model, data);
  const meta: ShippedMeta = {
    format: MODEL_FORMAT,
    fingerprint: trained.fingerprint,
    examples: trained.examples,
    trainingSeconds: trained.trainingSeconds,
    evaluation: trained.evaluation,
    checks: checksOf(trained.model),
  };
  writeFileSync(paths.meta, `${JSON.stringify(meta, null, 1)}\n`);
  return { model: paths.model, bytes: data.length };
}

/** The shipped copy, when it matches the training files and this code; else null (and why). */
export function loadShipped(
  dir = dataDirectory(),
): { trained: TrainedDefault; data: Buffer } | { trained: null; reason: string } {
  const paths = shippedPaths(dir);
  if (!existsSync(paths.model) || !existsSync(paths.meta))
    return { trained: null, reason: 'no shipped model' };
  const meta = JSON.parse(readFileSync(paths.meta, 'utf8')) as ShippedMeta;
  if (meta.format !== MODEL_FORMAT || meta.fingerprint !== defaultFingerprint(dir)) {
    return {
      trained: null,
      reason: 'the shipped model was built from other training data or another format',
    };
  }
  const data = readFileSync(paths.model);
  const model = deserialiseModel(data);
  const now = checksOf(model);
  const same = meta.checks.every((check, i) =>
    (['department', 'intent'] as const).every((head) =>
      check[head].every((value, j) => Math.abs(value - now[i][head][j]) < 1e-6),
    ),
  );
  if (!same) return { trained: null, reason: 'the shipped model answers differently with this code' };
  return {
    trained: {
      model,
      fingerprint: meta.fingerprint,
      examples: meta.examples,
      trainingSeconds: meta.trainingSeconds,
      evaluation: meta.evaluation,
    },
    data,
  };
}
