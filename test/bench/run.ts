import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from './bench.js';
import { stopDatabaseServer } from './harness.js';

type Scenario = (bench: Bench) => Promise<void>;

/** Every scenario of api.md; each module's default export runs it. */
const SCENARIOS: Record<string, () => Promise<{ default: Scenario }>> = {
  api: () => import('./scenarios/api.js'),
  classify: () => import('./scenarios/classify.js'),
  intake: () => import('./scenarios/intake.js'),
  drain: () => import('./scenarios/drain.js'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SCENARIOS));
  if (unknown.length)
    throw new Error(
      `Unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  const names = asked.length ? asked : Object.keys(SCENARIOS);
  if (names.length > 1) {
    runEachInItsOwnProcess(names);
    return;
  }
  try {
    const scenario = await SCENARIOS[names[0]]();
    await scenario.default(new Bench(names[0]));
  } finally {
    await stopDatabaseServer();
  }
}

/**
 * One process per scenario, one after the other: a scenario's heap (the classifier's training data,
 * say), compiled code and background work would otherwise weigh on the next one's figures.
 */
function runEachInItsOwnProcess(names: string[]): void {
  const failed = names.filter(
    (name) =>
      spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
        stdio: 'inherit',
      }).status !== 0,
  );
  if (failed.length) throw new Error(`Scenario(s) failed: ${failed.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
