import { trainDefault, writeShipped } from './default-model.js';

/**
 * `npm run build:classifier`: trains the default model from src/classification/data/train exactly
 * as the service would (same code, same seed: the same weights every time) and writes it to
 * src/classification/model/, where the service finds it instead of training at its first start.
 * Run it after changing the training data or the classifier, and commit both files.
 */
async function main(): Promise<void> {
  const trained = await trainDefault();
  const { model, bytes } = writeShipped(trained);
  const e = trained.evaluation;
  console.log(
    `Wrote ${model} (${(bytes / 1e6).toFixed(2)} MB): ${trained.examples} messages, ${trained.trainingSeconds.toFixed(1)} s; ` +
      `held-out macro-F1 department ${e.departmentMacroF1.toFixed(3)}, intent ${e.intentMacroF1.toFixed(3)}, ` +
      `sentiment ${e.sentimentMacroF1.toFixed(3)}, toxic F1 ${e.toxicF1.toFixed(3)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
