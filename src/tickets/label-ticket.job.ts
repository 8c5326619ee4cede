import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClassificationService } from '../classification/classification.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { classifierText, labelsOf, statusAfterLabelling } from './labels.util.js';
import { Ticket } from './ticket.entity.js';
import { LABEL_TICKET, TicketsService } from './tickets.service.js';

/**
 * `tickets.label`: a ticket created or extended is classified from its resident's messages (and the
 * post they answer, when known). It is listed at once, in triage (`new`), and labelled a moment later.
 * Labels a person corrected are kept; the forwarding decision is not taken here.
 */
@Injectable()
export class LabelTicketJob implements OnModuleInit {
  private readonly logger = new Logger(LabelTicketJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly classification: ClassificationService,
    private readonly tickets: TicketsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ ticketId: string }>(
      LABEL_TICKET,
      async (jobs) => {
        await Promise.all(jobs.map((job) => this.label(job.data.ticketId)));
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

  async label(ticketId: string): Promise<void> {
    const ticket = await this.dataSource.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket) return;
    const texts = await this.dataSource.query<{ text: string }[]>(
      `SELECT text FROM message WHERE organisation_id = $1 AND ticket_id = $2 AND direction = 'in'
        ORDER BY created_at, received_at`,
      [ticket.organisationId, ticket.id],
    );
    const context = await this.tickets.postText(this.dataSource.manager, ticket);
    const classification = await this.classification.classify(ticket.organisationId, {
      text: classifierText(texts.map((row) => row.text)),
      ...(context && { context }),
      platform: ticket.platform,
    });
    const labels = labelsOf(classification);
    const keepPersonLabels = ticket.labelsCorrectedAt !== null;
    // Status and labels are written only if nobody changed the ticket's status meanwhile.
    await this.dataSource.query(
      `UPDATE ticket SET
         status = CASE WHEN status = 'new' THEN $3 ELSE status END,
         department_id = CASE WHEN $4 THEN department_id
                              ELSE (SELECT id FROM department WHERE organisation_id = $1 AND code = $5) END,
         intent = CASE WHEN $4 THEN intent ELSE $6 END,
         sentiment = CASE WHEN $4 THEN sentiment ELSE $7 END,
         toxic = CASE WHEN $4 THEN toxic ELSE $8 END,
         language = $9,
         confidence = $10,
         needs_review = CASE WHEN $4 THEN needs_review ELSE $11 END,
         model_version = $12,
         explanation = $13,
         labelled_at = now(),
         updated_at = now()
       WHERE organisation_id = $1 AND id = $2`,
      [
        ticket.organisationId,
        ticket.id,
        keepPersonLabels ? 'triaged' : statusAfterLabelling('new', classification),
        keepPersonLabels,
        labels.departmentCode,
        labels.intent,
        labels.sentiment,
        labels.toxic,
        labels.language,
        labels.confidence,
        labels.needsReview,
        classification.modelVersion,
        JSON.stringify(classification.explanation),
      ],
    );
    this.logger.debug(`ticket ${ticket.reference} labelled ${labels.intent}/${labels.departmentCode ?? '-'}`);
  }
}

const LABEL_BATCH = 8;
