import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobsService } from '../jobs/jobs.service.js';
import { Mailer, mailDomain } from './mailer.js';
import { OutboxMail } from './outbox-mail.entity.js';

export const SEND_MAIL = 'mail.send';
/** pg-boss retries after the first attempt, waiting RETRY_DELAY seconds doubling: about 20 minutes in all. */
const RETRIES = 8;
const RETRY_DELAY = 5;

export interface MailToQueue {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface QueuedMail {
  id: string;
  messageId: string;
  /** The same dedupe key was queued before: nothing new was queued. */
  duplicate: boolean;
}

/**
 * The outbox: callers render, then queue inside their own transaction (with `manager`), so a mail
 * exists exactly when the change that caused it commits. A job sends each mail once.
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger(MailService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ mailId: string }>(
      SEND_MAIL,
      async (jobs) => {
        for (const job of jobs) await this.send(job.data.mailId);
      },
      { retryLimit: RETRIES, retryDelay: RETRY_DELAY, concurrency: 2 },
    );
  }

  /** Queues a rendered mail once per `(organisation, dedupeKey)`. */
  async queue(
    organisationId: string,
    mail: MailToQueue,
    dedupeKey: string,
    manager?: EntityManager,
  ): Promise<QueuedMail> {
    if (!manager)
      return this.dataSource.transaction((inner) => this.queue(organisationId, mail, dedupeKey, inner));
    const to = [...new Set(mail.to.map((address) => address.trim().toLowerCase()).filter(Boolean))];
    const id = randomUUID();
    const messageId = `<${id}@${mailDomain(this.config.mailFrom)}>`;
    const status = this.mailer.enabled && to.length > 0 ? 'queued' : 'held';
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO outbox_mail (id, organisation_id, "to", subject, text, html, headers, dedupe_key, status, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (organisation_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        id,
        organisationId,
        to,
        mail.subject,
        mail.text,
        mail.html ?? null,
        JSON.stringify(mail.headers ?? {}),
        dedupeKey,
        status,
        messageId,
      ],
    );
    if (inserted.length === 0) {
      const existing = await manager.getRepository(OutboxMail).findOneByOrFail({ organisationId, dedupeKey });
      return { id: existing.id, messageId: existing.messageId, duplicate: true };
    }
    if (status === 'queued') await this.jobs.send(SEND_MAIL, { mailId: id }, {}, manager);
    return { id, messageId, duplicate: false };
  }

  /**
   * The send job: reloads the mail and sends it only while it is `queued`, with its fixed
   * Message-ID; a temporary failure is thrown for pg-boss to retry, a permanent one (5xx, or the
   * last attempt) marks it `failed`.
   */
  private async send(mailId: string): Promise<void> {
    const repository = this.dataSource.getRepository(OutboxMail);
    const claimed = await repository
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1' })
      .where('id = :mailId AND status = :status', { mailId, status: 'queued' })
      .returning('*')
      .execute();
    const mail = (claimed.raw as Record<string, unknown>[])[0];
    if (!mail) return;
    const attempts = Number(mail.attempts);
    try {
      await this.mailer.send({
        to: mail.to as string[],
        subject: mail.subject as string,
        text: mail.text as string,
        html: mail.html as string | null,
        messageId: mail.message_id as string,
        headers: mail.headers as Record<string, string>,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { responseCode?: number }).responseCode;
      const permanent = (code !== undefined && code >= 500) || attempts > RETRIES;
      await repository.update(
        { id: mailId },
        { error: message.slice(0, 2000), ...(permanent && { status: 'failed' }) },
      );
      if (permanent) {
        this.logger.warn(`Mail ${mailId} failed for good after ${attempts} attempt(s): ${message}`);
        return;
      }
      throw error;
    }
    await repository.update({ id: mailId }, { status: 'sent', sentAt: new Date(), error: null });
  }
}
