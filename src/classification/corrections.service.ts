import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { ClassificationCorrection } from './classification-correction.entity.js';
import { INTENTS, SENTIMENTS, type Intent, type Sentiment } from './classification.types.js';
import { ClassifierModelsService } from './classifier-models.service.js';

/** A person's change of a ticket's labels, as the tickets PATCH route hands it over. */
export interface CorrectionInput {
  /** The resident's message (the ticket's first incoming message). */
  text: string;
  /** The post it comments, when known. */
  context?: string | null;
  platform?: 'facebook' | 'twitter' | null;
  ticketId?: string | null;
  /**
   * The labels as the person left them. Give the ones they changed (or all of them); a label left
   * undefined is not learnt from. `department` null means none (spam).
   */
  department?: string | null;
  intent?: Intent;
  sentiment?: Sentiment;
  toxic?: boolean;
}

/** Stores corrections per organisation and asks for a (debounced) retraining of its model. */
@Injectable()
export class CorrectionsService {
  constructor(
    @InjectRepository(ClassificationCorrection)
    private readonly corrections: Repository<ClassificationCorrection>,
    private readonly models: ClassifierModelsService,
  ) {}

  /**
   * With `manager`, inside the caller's transaction: the correction and its retraining job exist
   * only if the ticket's change commits.
   */
  async record(
    organisationId: string,
    actorId: string | null,
    correction: CorrectionInput,
    manager?: EntityManager,
  ): Promise<void> {
    if (!correction.text?.trim()) throw new DomainError('invalid', 'A correction needs the message text');
    if (correction.intent !== undefined && !INTENTS.includes(correction.intent)) {
      throw new DomainError('invalid', `Unknown intent ${String(correction.intent)}`);
    }
    if (correction.sentiment !== undefined && !SENTIMENTS.includes(correction.sentiment)) {
      throw new DomainError('invalid', `Unknown sentiment ${String(correction.sentiment)}`);
    }
    const labels = {
      ...(correction.department !== undefined && { department: correction.department }),
      ...(correction.intent !== undefined && { intent: correction.intent }),
      ...(correction.sentiment !== undefined && { sentiment: correction.sentiment }),
      ...(correction.toxic !== undefined && { toxic: correction.toxic }),
    };
    if (Object.keys(labels).length === 0) return;
    const repository = manager ? manager.getRepository(ClassificationCorrection) : this.corrections;
    await repository.insert({
      organisationId,
      actorId,
      ticketId: correction.ticketId ?? null,
      text: correction.text,
      context: correction.context ?? null,
      platform: correction.platform ?? null,
      labels,
    });
    await this.models.scheduleRetrain(organisationId, manager);
    this.models.invalidate(organisationId);
  }

  /** How many corrections an organisation has recorded. */
  count(organisationId: string): Promise<number> {
    return this.corrections.countBy({ organisationId });
  }
}
