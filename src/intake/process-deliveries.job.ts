import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobsService } from '../jobs/jobs.service.js';
import { Delivery } from './delivery.entity.js';
import { afterFailure, type RetryPolicy } from './delivery-retry.util.js';
import { IntakeService, PROCESS_DELIVERIES, type ProcessDeliveriesData } from './intake.service.js';
import { MessageIntakeService, MessageNotYetStoredError } from './message-intake.service.js';
import type { NormalisedEvent } from './normalised-event.js';
import { normaliseDelivery } from './normalise.util.js';
import { togetherInOneTransaction } from './processing-batch.util.js';
import { AcknowledgementsFirst } from './processing-pace.util.js';

/** A delivery waiting for processing, and what it holds for its channel. */
interface Pending {
  delivery: Delivery;
  organisationId: string;
  events: NormalisedEvent[];
  ignored: string[];
}

/** Deliveries processed at once: their residents' new messages share one transaction, the rest side by side. */
const BATCH = 32;
/** Jobs one worker takes at once (each names the deliveries of one group commit, or one to retry). */
const JOBS_PER_FETCH = 8;
const WORKERS = 2;
const MAX_ERROR_LENGTH = 2000;
/** Attempts during which a removal or hide of a message not stored yet waits for it. */
const WAITS_FOR_MESSAGE = 2;

/**
 * `intake.process-deliveries`: stored deliveries → their events, oldest first → messages in tickets.
 * A job names the deliveries stored together; they are processed BATCH at a time. Retries are counted
 * on the delivery (attempts, error) with a doubling delay, each by a job of its own, so a poison
 * delivery never holds back those behind it; one that keeps failing is parked (`failed`) until an
 * admin replays it. At start, deliveries left `received` by a process that died (its jobs may be
 * stuck `active`) are queued again.
 */
@Injectable()
export class ProcessDeliveriesJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ProcessDeliveriesJob.name);
  private readonly retry: RetryPolicy;
  private readonly pace: AcknowledgementsFirst;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly messages: MessageIntakeService,
    intake: IntakeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retry = config.intakeRetry;
    this.pace = new AcknowledgementsFirst(() => intake.awaitingAcknowledgement());
  }

  async onModuleInit(): Promise<void> {
    await this.jobs.work<ProcessDeliveriesData>(
      PROCESS_DELIVERIES,
      async (jobs) => {
        const ids = [...new Set(jobs.flatMap((job) => job.data.deliveryIds))];
        for (const batch of inBatches(ids)) await this.process(batch);
        // A full fetch says more may be waiting: fetch again now rather than after a polling interval.
        if (jobs.length === JOBS_PER_FETCH) this.jobs.wake(PROCESS_DELIVERIES);
      },
      // The standard policy: many jobs of groups wait at once. A job of a large group processed while
      // webhooks press (processing-pace.util.ts) may take minutes.
      {
        batchSize: JOBS_PER_FETCH,
        concurrency: WORKERS,
        retryLimit: 3,
        expireInSeconds: 900,
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const stranded = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM delivery WHERE status = 'received' AND organisation_id IS NOT NULL ORDER BY received_at`,
    );
    if (!stranded.length) return;
    const jobs = inBatches(stranded.map(({ id }) => id)).map((deliveryIds) => ({
      data: { deliveryIds } satisfies ProcessDeliveriesData,
    }));
    await this.jobs.sendMany(PROCESS_DELIVERIES, jobs);
    this.logger.log(`${stranded.length} deliveries waiting since before the start queued again`);
  }

  /**
   * Never throws: a failure is recorded on its delivery and retried by a job of its own. Deliveries of
   * residents' new messages only share one transaction (processing-batch.util.ts); should it fail,
   * each is processed alone, so a poison delivery fails alone. Every transaction waits for the webhooks
   * waiting to be acknowledged first (processing-pace.util.ts).
   */
  async process(deliveryIds: string[]): Promise<void> {
    const deliveries = await this.dataSource.getRepository(Delivery).findBy({ id: In(deliveryIds) });
    const unreadable: Promise<void>[] = [];
    const pending = deliveries.flatMap((delivery): Pending[] => {
      if (delivery.status !== 'received' || !delivery.organisationId || !delivery.channelExternalId)
        return [];
      try {
        const normalised = normaliseDelivery({
          platform: delivery.platform,
          source: delivery.source,
          channelExternalId: delivery.channelExternalId,
          body: delivery.body,
        });
        return [{ delivery, organisationId: delivery.organisationId, ...normalised }];
      } catch (error) {
        unreadable.push(this.failed(delivery, error));
        return [];
      }
    });
    const { together, alone } = togetherInOneTransaction(pending);
    await Promise.all([
      ...unreadable,
      this.processTogether(together),
      ...alone.map(async (delivery) => {
        await this.pace.turn();
        await this.processOne(delivery);
      }),
    ]);
  }

  private async processTogether(deliveries: Pending[]): Promise<void> {
    if (!deliveries.length) return;
    await this.pace.turn();
    try {
      await this.messages.applyTogether(
        deliveries.map((pending) => ({
          origin: originOf(pending),
          events: pending.events,
          completion: { eventCount: pending.events.length, ignored: pending.ignored },
        })),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.debug(
        `${deliveries.length} deliveries processed together failed, each again alone: ${reason}`,
      );
      await Promise.all(deliveries.map((delivery) => this.processOne(delivery)));
    }
  }

  private async processOne(pending: Pending): Promise<void> {
    const { delivery, events, ignored } = pending;
    try {
      const origin = originOf(pending);
      const completion = { eventCount: events.length, ignored };
      if (!events.length) await this.messages.completeEmpty(delivery.id, completion);
      // A removal or hide may come before its message: waited for over the first retries, then dropped.
      const waitForMessage = delivery.attempts < Math.min(WAITS_FOR_MESSAGE, this.retry.limit);
      for (const [index, event] of events.entries()) {
        const last = index === events.length - 1;
        await this.messages.apply(origin, event, last ? completion : undefined, waitForMessage);
      }
    } catch (error) {
      await this.failed(delivery, error);
    }
  }

  private async failed(delivery: Delivery, error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const failures = delivery.attempts + 1;
    const next = afterFailure(failures, this.retry);
    const line = `delivery ${delivery.id} failed (attempt ${failures}): ${message}${next.park ? '; parked' : ''}`;
    if (error instanceof MessageNotYetStoredError && !next.park) this.logger.log(line);
    else this.logger.warn(line);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE delivery SET attempts = $2, error = $3, status = $4 WHERE id = $1 AND status = 'received'`,
        [delivery.id, failures, message, next.park ? 'failed' : 'received'],
      );
      if (!next.park) {
        await this.jobs.send<ProcessDeliveriesData>(
          PROCESS_DELIVERIES,
          { deliveryIds: [delivery.id] },
          { startAfter: next.retryInSeconds },
          manager,
        );
      }
    });
  }
}

function originOf({ delivery, organisationId }: Pick<Pending, 'delivery' | 'organisationId'>) {
  return { organisationId, channelId: delivery.channelId, deliveryId: delivery.id };
}

function inBatches(ids: string[]): string[][] {
  return Array.from({ length: Math.ceil(ids.length / BATCH) }, (_, i) =>
    ids.slice(i * BATCH, (i + 1) * BATCH),
  );
}
