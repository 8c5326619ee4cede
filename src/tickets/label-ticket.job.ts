import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Classification } from '../classification/classification.types.js';
import { ClassificationService } from '../classification/classification.service.js';
import type { Platform } from '../intake/incoming-delivery.js';
import { JobsService } from '../jobs/jobs.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import { classifierText, labelsOf, statusAfterLabelling } from './labels.util.js';
import { LABEL_TICKET } from './tickets.service.js';

/** Tickets labelled together: one read and one write for all of them. */
const LABEL_BATCH = 16;

interface Unlabelled {
  id: string;
  organisation_id: string;
  platform: Platform;
  corrected: boolean;
  texts: string[];
  context: string | null;
}

/**
 * `tickets.label`: a ticket created or extended is classified from its resident's messages (and the
 * post they answer, when known). It is listed at once, in triage (`new`), and labelled a moment later.
 * Labels a person corrected are kept; the forwarding decision is not taken here. A retry or a
 * duplicate job classifies the ticket as it is now: harmless.
 */
@Injectable()
export class LabelTicketJob implements OnModuleInit {
  private readonly logger = new Logger(LabelTicketJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly classification: ClassificationService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ ticketId: string }>(
      LABEL_TICKET,
      async (jobs) => {
        await this.label(jobs.map((job) => job.data.ticketId));
        if (jobs.length === LABEL_BATCH) this.jobs.wake(LABEL_TICKET);
      },
      {
        batchSize: LABEL_BATCH,
        concurrency: 1,
        policy: 'short',
        retryLimit: 5,
        retryDelay: 2,
        expireInSeconds: 120,
      },
    );
  }

  async label(ticketIds: string[]): Promise<void> {
    // The tickets, their residents' messages (oldest first) and the posts they answer, in one query.
    const tickets = await preparedQuery<Unlabelled>(
      this.dataSource,
      'tickets-unlabelled',
      `SELECT ticket.id, ticket.organisation_id, ticket.platform,
              ticket.labels_corrected_at IS NOT NULL AS corrected,
              ARRAY(SELECT text FROM message
                     WHERE message.organisation_id = ticket.organisation_id AND message.ticket_id = ticket.id
                       AND message.direction = 'in'
                     ORDER BY message.created_at, message.received_at) AS texts,
              (SELECT text FROM message post
                WHERE post.organisation_id = ticket.organisation_id AND post.platform = ticket.platform
                  AND post.external_id = ticket.post_external_id) AS context
         FROM ticket WHERE ticket.id = ANY($1)`,
      [ticketIds],
    );
    if (!tickets.length) return;
    const labelled: { ticket: Unlabelled; classification: Classification }[] = [];
    for (const ticket of tickets) {
      const context = ticket.context?.trim() ? ticket.context : undefined;
      const classification = await this.classification.classify(ticket.organisation_id, {
        text: classifierText(ticket.texts),
        ...(context && { context }),
        platform: ticket.platform,
      });
      labelled.push({ ticket, classification });
    }
    const rows = labelled.map(({ ticket, classification }) => {
      const labels = labelsOf(classification);
      return {
        id: ticket.id,
        // A ticket still waiting in triage is triaged (or set aside as spam); one further along keeps its status.
        status: ticket.corrected ? 'triaged' : statusAfterLabelling('new', classification),
        corrected: ticket.corrected,
        department: labels.departmentCode,
        intent: labels.intent,
        sentiment: labels.sentiment,
        toxic: labels.toxic,
        language: labels.language,
        confidence: labels.confidence,
        needs_review: labels.needsReview,
        model_version: classification.modelVersion,
        explanation: classification.explanation,
      };
    });
    // Labels a person corrected stay; the status moves only from `new`, so a person's change meanwhile wins.
    // Not waiting for the disk: the job's completion, committed after this, flushes it first.
    await preparedQuery(
      this.dataSource,
      'tickets-labels',
      `WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE ticket SET
         status = CASE WHEN ticket.status = 'new' THEN l.status ELSE ticket.status END,
         department_id = CASE WHEN l.corrected THEN ticket.department_id
                              ELSE (SELECT id FROM department
                                     WHERE department.organisation_id = ticket.organisation_id
                                       AND department.code = l.department) END,
         intent = CASE WHEN l.corrected THEN ticket.intent ELSE l.intent END,
         sentiment = CASE WHEN l.corrected THEN ticket.sentiment ELSE l.sentiment END,
         toxic = CASE WHEN l.corrected THEN ticket.toxic ELSE l.toxic END,
         needs_review = CASE WHEN l.corrected THEN ticket.needs_review ELSE l.needs_review END,
         language = l.language,
         confidence = l.confidence,
         model_version = l.model_version,
         explanation = l.explanation,
         labelled_at = now(),
         updated_at = now()
       FROM jsonb_to_recordset($1) AS l(id uuid, status text, corrected boolean, department text, intent text,
            sentiment text, toxic boolean, language text, confidence real, needs_review boolean,
            model_version text, explanation jsonb)
       WHERE ticket.id = l.id AND EXISTS (SELECT 1 FROM asynchronous)`,
      [JSON.stringify(rows)],
    );
    this.logger.debug(`${rows.length} tickets labelled`);
  }
}
