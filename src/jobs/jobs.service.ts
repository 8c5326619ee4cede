import { Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { Gauge } from 'prom-client';

/**
 * pg-boss 10.4 completes or fails a job without awaiting it (manager.js, `onFetch`): while the
 * database is unreachable that promise rejects unhandled, which ends the process. Marking it handled
 * keeps the service up; the job stays active, expires and is retried (every job is idempotent).
 */
const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as {
  prototype: Record<'complete' | 'fail', (...args: unknown[]) => Promise<unknown>>;
};
for (const method of ['complete', 'fail'] as const) {
  const original = Manager.prototype[method];
  Manager.prototype[method] = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    result.catch(() => undefined);
    return result;
  };
}

/** pg-boss's interval while waiting for stopped workers (manager.js, offWork). */
const OFF_WORK_POLL_MS = 1000;

export interface QueueSettings {
  /** Attempts after the first one; back-off doubles from `retryDelay` seconds. */
  retryLimit?: number;
  retryDelay?: number;
  /** A job running longer than this is failed and retried. */
  expireInSeconds?: number;
  /** How many jobs one call of the handler receives. */
  batchSize?: number;
  /** Parallel handlers in this instance. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
  /** `short`: at most one waiting job per `singletonKey` (sending again while one waits does nothing). */
  policy?: 'standard' | 'short';
}

export type JobHandler<T> = (jobs: PgBoss.Job<T>[]) => Promise<void>;
export type SendOptions = PgBoss.SendOptions;

/**
 * Background work in PostgreSQL (pg-boss): several instances share the queues, jobs are retried
 * with back-off, and a job can be enqueued inside the transaction that made its row.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string[]>();
  private readonly queues: string[] = [];
  private stopping = false;

  constructor(@InjectDataSource() dataSource: DataSource, metrics: MetricsService) {
    const url = (dataSource.options as { url: string }).url;
    this.boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 4,
      application_name: 'e-guichet-jobs',
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    // While stopping, PostgreSQL may go first (an embedded one gets the same Ctrl-C): not an error then.
    this.boss.on('error', (error: Error) => !this.stopping && this.logger.error(`queue: ${error.message}`));
    const queues = this.queues;
    const boss = this.boss;
    new Gauge({
      name: 'job_queue_depth',
      help: 'Jobs waiting per queue',
      labelNames: ['queue'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const queue of queues) this.set({ queue }, await boss.getQueueSize(queue).catch(() => 0));
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    // pg-boss 10.4 forgets stopped workers in a loop that looks every second (manager.js, offWork): wait
    // for its last look, so that nothing of the queue outlives the application (in tests, its timer
    // fired into the next test file).
    await sleep(OFF_WORK_POLL_MS + 100);
  }

  /** Declares a queue and runs `handler` for its jobs in this instance. */
  async work<T extends object>(
    queue: string,
    handler: JobHandler<T>,
    settings: QueueSettings = {},
  ): Promise<void> {
    await this.boss.createQueue(queue, {
      name: queue,
      retryLimit: settings.retryLimit ?? 5,
      retryDelay: settings.retryDelay ?? 2,
      retryBackoff: true,
      expireInSeconds: settings.expireInSeconds ?? 300,
      ...(settings.policy && { policy: settings.policy }),
    });
    this.queues.push(queue);
    const ids: string[] = [];
    for (let i = 0; i < (settings.concurrency ?? 1); i++) {
      ids.push(
        await this.boss.work<T>(
          queue,
          {
            batchSize: settings.batchSize ?? 1,
            pollingIntervalSeconds: settings.pollingIntervalSeconds ?? 0.5,
          },
          handler,
        ),
      );
    }
    this.workers.set(queue, ids);
  }

  /** Enqueues; with `manager`, inside that transaction (the job exists only if the transaction commits). */
  async send<T extends object>(
    queue: string,
    data: T,
    options: SendOptions = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    const db = manager
      ? { executeSql: (text: string, values: unknown[]) => rows(manager, text, values) }
      : undefined;
    const id = await this.boss.send(queue, data, { ...options, ...(db && { db }) });
    this.wake(queue);
    return id;
  }

  /**
   * Enqueues many jobs in one statement. With `manager`, inside that transaction: the caller calls
   * `wake(queue)` once it has committed (a worker woken earlier finds nothing and sleeps a poll).
   */
  async sendMany<T extends object>(
    queue: string,
    jobs: { data: T; singletonKey?: string }[],
    manager?: EntityManager,
  ): Promise<void> {
    if (!jobs.length) return;
    // pg-boss's insert is the same text every time: prepared once per connection, not planned per call.
    const db = manager
      ? {
          executeSql: async (text: string, values: unknown[]) => ({
            rows: await preparedQuery(manager, undefined, text, values),
          }),
        }
      : undefined;
    await this.boss.insert(
      jobs.map((job) => ({ name: queue, data: job.data, singletonKey: job.singletonKey })),
      db ? { db } : {},
    );
    if (!manager) this.wake(queue);
  }

  /**
   * pg-boss's own statement that enqueues these jobs, not run: for a caller that runs it inside a
   * statement of its own (combined-statement.ts), so that a row and its job are written in one round
   * trip. The caller calls `wake(queue)` once committed.
   */
  async insertStatement<T extends object>(
    queue: string,
    jobs: { data: T; singletonKey?: string }[],
  ): Promise<{ text: string; values: unknown[] }> {
    let statement: { text: string; values: unknown[] } | undefined;
    await this.boss.insert(
      jobs.map((job) => ({ name: queue, data: job.data, singletonKey: job.singletonKey })),
      {
        db: {
          executeSql: async (text: string, values: unknown[]) => {
            statement = { text, values };
            return { rows: [] };
          },
        },
      },
    );
    if (!statement) throw new Error('pg-boss built no insert statement');
    return statement;
  }

  /** Runs `queue` on a cron schedule (Europe/Paris), once across all instances. */
  async schedule(queue: string, cron: string, data: object = {}): Promise<void> {
    await this.boss.schedule(queue, cron, data, { tz: 'Europe/Paris' });
  }

  /** Local workers poll; this makes the next job start now instead of at the next poll. */
  wake(queue: string): void {
    for (const id of this.workers.get(queue) ?? []) this.boss.notifyWorker(id);
  }
}

async function rows(manager: EntityManager, text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
  const result: unknown = await manager.query(text, values);
  return { rows: Array.isArray(result) ? result : [] };
}
