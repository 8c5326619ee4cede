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
  try {
    for (const name of asked.length ? asked : Object.keys(SCENARIOS)) {
      const scenario = await SCENARIOS[name]();
      await scenario.default(new Bench(name));
    }
  } finally {
    await stopDatabaseServer();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
