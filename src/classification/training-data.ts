import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTENTS, SENTIMENTS, type Intent, type Sentiment } from './classification.types.js';
import type { LabelledMessage } from './text-classifier.util.js';

/** A line of the shipped data (labelling-guide.md). */
export interface ShippedExample extends LabelledMessage {
  department: string | null;
  intent: Intent;
  sentiment: Sentiment;
  toxic: boolean;
  language: string;
  platform: 'facebook' | 'twitter';
}

/**
 * The folder of the shipped data: src/classification/data of the project, found from this file
 * whether it runs from src/ (tests) or dist/src/ (the built service).
 */
export function dataDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'src', 'classification', 'data');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  const fromWorkingDirectory = join(process.cwd(), 'src', 'classification', 'data');
  if (existsSync(fromWorkingDirectory)) return fromWorkingDirectory;
  throw new Error('The classification data folder (src/classification/data) was not found');
}

/**
 * Reads JSON lines in order, each through `read`, skipping blank lines; a malformed line is an error
 * naming the file and line.
 */
function readJsonLines<T>(file: string, read: (value: unknown, line: number) => T): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      if (!text.trim()) return [];
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(`${file}:${index + 1}: not JSON`);
      }
      return [read(value, index + 1)];
    });
}

/** The labelled examples of a JSON lines file; a line without valid labels is an error naming it. */
export function readExamples(file: string): ShippedExample[] {
  return readJsonLines(file, (value, line) => {
    const example = value as ShippedExample;
    if (
      typeof example.text !== 'string' ||
      !INTENTS.includes(example.intent) ||
      !SENTIMENTS.includes(example.sentiment) ||
      typeof example.toxic !== 'boolean'
    ) {
      throw new Error(`${file}:${line}: not a labelled example`);
    }
    return example;
  });
}

/** Every training example shipped (train/*.jsonl, in file-name order). */
export function loadTrainingExamples(dir = dataDirectory()): ShippedExample[] {
  const folder = join(dir, 'train');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readExamples(join(folder, name)));
}

/**
 * A second person's labels of the held-out file, given blind (from the text, the post and the guide
 * only), line for line: they measure how far people agree, the ceiling of the targets.
 */
export interface SecondLabel {
  id: number;
  department: string | null;
  intent: Intent;
  /** False where the labeller hesitated between two labels. */
  sure: boolean;
}

export function loadSecondLabels(dir = dataDirectory()): SecondLabel[] {
  return readJsonLines(join(dir, 'heldout', 'second-labels.jsonl'), (value) => value as SecondLabel);
}

/** The held-out examples: for evaluation only, never for training. */
export function loadHeldOutExamples(dir = dataDirectory()): ShippedExample[] {
  return readExamples(join(dir, 'heldout', 'heldout.jsonl'));
}
