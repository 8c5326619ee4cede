import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoSample } from './demo-messages.util.js';

const TRAINING_DATA = join('src', 'classification', 'data', 'train');

/** The training data folder, from this file whether it runs from src/ (tests) or dist/src/ (built). */
function trainingDirectory(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, TRAINING_DATA))) return join(dir, TRAINING_DATA);
    dir = dirname(dir);
  }
  const fromWorkingDirectory = join(process.cwd(), TRAINING_DATA);
  return existsSync(fromWorkingDirectory) ? fromWorkingDirectory : undefined;
}

/** The texts residents "write" in the demo: the classification engineer's training lines. */
export function loadDemoSamples(directory = trainingDirectory()): DemoSample[] {
  if (!directory) return [];
  const samples: DemoSample[] = [];
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(directory, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const value = JSON.parse(line) as Partial<DemoSample>;
        if (typeof value.text !== 'string' || !value.text.trim()) continue;
        samples.push({
          text: value.text,
          ...(typeof value.context === 'string' && value.context && { context: value.context }),
          ...((value.platform === 'facebook' || value.platform === 'twitter') && {
            platform: value.platform,
          }),
        });
      } catch {
        // A malformed line is the data's problem (its own tests catch it), not the demo's.
      }
    }
  }
  return samples;
}
