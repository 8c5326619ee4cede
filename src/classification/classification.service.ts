import { Injectable } from '@nestjs/common';
import { decide } from './classification-decision.util.js';
import { ClassificationSettingsService } from './classification-settings.service.js';
import type { Classification, ClassificationInput } from './classification.types.js';
import { ClassifierModelsService } from './classifier-models.service.js';
import { MAX_TEXT_LENGTH } from './dto/classify.dto.js';
import { findPersonalData } from './personal-data.util.js';
import { PlacesService } from './places.service.js';
import { predict } from './text-classifier.util.js';
import { hasWords } from './text-normalisation.util.js';

/**
 * Classifies residents' messages for an organisation with its model (or the default one): the
 * department, intent, sentiment, toxicity and language with calibrated confidences, whether a
 * person should review it and why, the places and the personal data it contains.
 */
@Injectable()
export class ClassificationService {
  constructor(
    private readonly models: ClassifierModelsService,
    private readonly settings: ClassificationSettingsService,
    private readonly places: PlacesService,
  ) {}

  /**
   * Never throws for odd text: an empty or emoji-only message gets an answer that asks for review;
   * a text longer than the API's limit is classified on its first 20,000 characters.
   */
  async classify(organisationId: string, input: ClassificationInput): Promise<Classification> {
    const text = sanitise(input.text ?? '').slice(0, MAX_TEXT_LENGTH);
    const context = input.context ? sanitise(input.context).slice(0, MAX_TEXT_LENGTH) : undefined;
    const [{ loaded, departments }, thresholds, places] = await Promise.all([
      this.models.modelFor(organisationId),
      this.settings.thresholds(organisationId),
      this.places.find(organisationId, text, context),
    ]);
    const prediction = predict(loaded.model, { text, context, platform: input.platform });
    const decision = decide(loaded.model, prediction, { thresholds, departments, empty: !hasWords(text) });
    return {
      department: decision.department,
      intent: decision.intent,
      sentiment: decision.sentiment,
      toxic: decision.toxic,
      language: decision.language,
      needsReview: decision.needsReview,
      explanation: decision.explanation,
      places,
      personalData: findPersonalData(input.text ?? ''),
      modelVersion: loaded.version,
    };
  }
}

/** Control characters (except line breaks and tabs) carry nothing and would confuse the models. */
function sanitise(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
    ' ',
  );
}
