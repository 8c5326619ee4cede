import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobsService } from '../jobs/jobs.service.js';

export const PURGE_DELIVERIES = 'intake.purge-deliveries';
/** Every night at 03:30, Paris time, once across instances. */
const PURGE_CRON = '30 3 * * *';
/** Rows deleted by one statement: a long purge never holds a large lock or a long transaction. */
const PURGE_BATCH = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Raw deliveries hold residents' names, ids and words: once processed into messages (or found to be
 * for no channel of ours), they are kept `DELIVERY_RETENTION_DAYS` for the operator to look into,
 * then deleted (GDPR: no longer than needed). Parked deliveries stay until an admin replays them: their
 * body is the only copy of what the resident wrote. Messages keep their delivery's id, not its body.
 * The deployment's housekeeping, not an organisation's: it spans every organisation's rows.
 */
@Injectable()
export class DeliveryRetentionJob implements OnModuleInit {
  private readonly logger = new Logger(DeliveryRetentionJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work(PURGE_DELIVERIES, () => this.purge().then(() => undefined), {
      retryLimit: 2,
      expireInSeconds: 3600,
    });
    await this.jobs.schedule(PURGE_DELIVERIES, PURGE_CRON);
  }

  /** Deletes the processed and unroutable deliveries past the retention period; answers how many. */
  async purge(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.deliveryRetentionDays * DAY_MS);
    let purged = 0;
    for (;;) {
      const [{ count }] = await this.dataSource.query<{ count: number }[]>(
        `WITH purged AS (
           DELETE FROM delivery WHERE id IN (
             SELECT id FROM delivery
              WHERE status IN ('processed', 'unroutable') AND received_at < $1
              LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS count FROM purged`,
        [before, PURGE_BATCH],
      );
      purged += count;
      if (count < PURGE_BATCH) break;
    }
    if (purged) this.logger.log(`${purged} deliveries received before ${before.toISOString()} deleted`);
    return purged;
  }
}
