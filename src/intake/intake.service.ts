import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { JobsService } from '../jobs/jobs.service.js';
import { combinedStatement, type Statement } from '../database/combined-statement.js';
import { preparedQuery } from '../database/prepared-query.js';
import type { DeliveryStatus } from './delivery.entity.js';
import type { DeliveryView } from './dto/delivery.dto.js';
import { GroupCommit } from './group-commit.js';
import { RecentPeak } from './processing-pace.util.js';
import type { IncomingDelivery } from './incoming-delivery.js';

/** Processing of stored deliveries: a job names the deliveries stored together (ProcessDeliveriesData). */
export const PROCESS_DELIVERIES = 'intake.process-deliveries';

export interface ProcessDeliveriesData {
  deliveryIds: string[];
}

/** Statements writing deliveries at once, each on a connection of its own. */
const WRITERS = 4;

/** How long a peak of unanswered webhook deliveries counts. */
const PEAK_WINDOW_MS = 200;

/** How long stored deliveries wait for others before waking the workers (see wakeProcessing). */
const WAKE_DELAY_MS = 20;

interface Row {
  organisationId: string | null;
  channelId: string | null;
  channelExternalId: string | null;
  platform: string;
  source: string;
  dedupeKey: string;
  body: string;
  headers: Record<string, string>;
  status: DeliveryStatus;
}

export interface Received {
  deliveryId: string;
  duplicate: boolean;
}

@Injectable()
export class IntakeService implements OnModuleDestroy {
  /**
   * Deliveries arriving together are written by one statement (many rows and their processing job),
   * each caller answered once it committed: the platforms' 200 still means stored.
   */
  private readonly writer = new GroupCommit<Row, Received>((rows) => this.write(rows), {
    maxBatch: 256,
    maxInFlight: WRITERS,
  });
  /**
   * The acknowledgements' own connections: processing transactions can hold every connection of the
   * shared pool during a backlog, and a platform's delivery must never wait for one of those.
   */
  private readonly writers: pg.Pool;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly unanswered = new RecentPeak(PEAK_WINDOW_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {
    this.writers = new pg.Pool({
      connectionString: (dataSource.options as { url: string }).url,
      max: WRITERS,
      application_name: 'e-guichet-intake',
    });
    // An idle connection that breaks is replaced at the next write; nothing to do here.
    this.writers.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.wakeTimer);
    await this.writers.end();
  }

  /** Webhook deliveries unanswered: the most at once over the last moment (RecentPeak). */
  awaitingAcknowledgement(): number {
    return this.unanswered.value;
  }

  /**
   * Counts a webhook delivery from its arrival to its answer: processing steps back while many wait
   * (processing-pace.util.ts), whether they wait for their commit or for a busy event loop.
   */
  async acknowledging<T>(answer: () => Promise<T>): Promise<T> {
    this.unanswered.up();
    try {
      return await answer();
    } finally {
      this.unanswered.down();
    }
  }

  /**
   * Stores the delivery durably and enqueues its processing, in one transaction; resolves only
   * once committed, so a 200 always means stored. The same delivery again is a no-op.
   */
  async receive(delivery: IncomingDelivery): Promise<Received> {
    const dedupeKey = createHash('sha256')
      .update(`${delivery.platform}\n${delivery.channelExternalId ?? ''}\n`)
      .update(delivery.rawBody)
      .digest('hex');
    try {
      return await this.writer.submit({
        organisationId: delivery.organisationId,
        channelId: delivery.channelId,
        channelExternalId: delivery.channelExternalId,
        platform: delivery.platform,
        source: delivery.source,
        dedupeKey,
        body: delivery.rawBody.toString('utf8').replace(/\u0000/g, ''),
        headers: delivery.headers,
        status: delivery.organisationId ? 'received' : 'unroutable',
      });
    } catch (error) {
      // Not stored: the platform must retry, so a 5xx, never a 200.
      throw new DomainError(
        'unavailable',
        `Delivery not stored: ${error instanceof Error ? error.message : String(error)}`,
        5,
      );
    }
  }

  /**
   * One statement for the whole group: the deliveries and their processing job (pg-boss's own insert,
   * as a CTE), atomic without a transaction around it, in one round trip. Ids are made here so that
   * the job can name them; a delivery already stored (a resend) keeps its first id, and the job finds
   * nothing to do for the new one.
   */
  private async write(rows: Row[]): Promise<Received[]> {
    const unique = [...new Map(rows.map((row) => [row.dedupeKey, row])).values()];
    const ids = unique.map(() => randomUUID());
    // One JSON parameter rather than ten arrays: V8 serialises it natively, where array literals are
    // escaped element by element in JavaScript (a tenth of the acknowledgement's time).
    const store: Statement = {
      text: `WITH stored AS (
               INSERT INTO delivery (id, organisation_id, channel_id, channel_external_id, platform, source, dedupe_key,
                                     body, headers, status)
               SELECT id, organisation_id, channel_id, channel_external_id, platform, source, dedupe_key, body, headers,
                      status
                 FROM json_to_recordset($1::json)
                   AS r(id uuid, organisation_id uuid, channel_id uuid, channel_external_id text, platform text,
                        source text, dedupe_key text, body text, headers jsonb, status text)
               ON CONFLICT (dedupe_key) DO NOTHING
               RETURNING id, dedupe_key)
             SELECT id, dedupe_key FROM stored`,
      values: [
        JSON.stringify(
          unique.map((row, index) => ({
            id: ids[index],
            organisation_id: row.organisationId,
            channel_id: row.channelId,
            channel_external_id: row.channelExternalId,
            platform: row.platform,
            source: row.source,
            dedupe_key: row.dedupeKey,
            body: row.body,
            headers: row.headers,
            status: row.status,
          })),
        ),
      ],
    };
    // One job for the group, not one per delivery: the queue's insert is the acknowledgement's dearest
    // part after the delivery's own (its indexes), and the workers take deliveries in groups anyway.
    const routable = ids.filter((_, index) => unique[index].organisationId);
    const job: { data: ProcessDeliveriesData } = { data: { deliveryIds: routable } };
    const statement = routable.length
      ? combinedStatement(store, [await this.jobs.insertStatement(PROCESS_DELIVERIES, [job])])
      : store;
    const created = await preparedQuery<{ id: string; dedupe_key: string }>(
      this.writers,
      undefined,
      statement.text,
      statement.values,
    );
    const inserted = new Map(created.map((row) => [row.dedupe_key, row.id]));
    const known = new Map<string, string>();
    const missing = unique.filter((row) => !inserted.has(row.dedupeKey)).map((row) => row.dedupeKey);
    if (missing.length) {
      const { rows: existing } = await this.writers.query<{ id: string; dedupe_key: string }>(
        'SELECT id, dedupe_key FROM delivery WHERE dedupe_key = ANY($1)',
        [missing],
      );
      for (const row of existing) known.set(row.dedupe_key, row.id);
    }
    if (inserted.size) this.wakeProcessing();
    const answered = new Set<string>();
    return rows.map((row) => {
      const first = inserted.has(row.dedupeKey) && !answered.has(row.dedupeKey);
      answered.add(row.dedupeKey);
      const deliveryId = inserted.get(row.dedupeKey) ?? known.get(row.dedupeKey);
      if (!deliveryId) throw new Error('Delivery neither inserted nor found');
      return { deliveryId, duplicate: !first };
    });
  }

  /**
   * Workers fetch what the last few milliseconds stored, not each delivery alone: one fetch and one
   * completion per group of jobs instead of per job, for a few milliseconds of latency.
   */
  private wakeProcessing(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.jobs.wake(PROCESS_DELIVERIES);
    }, WAKE_DELAY_MS);
  }

  /** The organisation's deliveries, newest first; `failed` ones are parked, waiting for a replay. */
  async list(
    organisationId: string,
    status: DeliveryStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<DeliveryView>> {
    const params: unknown[] = [organisationId, limit + 1];
    let where = 'organisation_id = $1';
    if (status) {
      params.push(status);
      where += ` AND status = $${params.length}`;
    }
    if (cursor) {
      const position = decodeCursor(cursor);
      params.push(position.at, position.id);
      where += ` AND (received_at, id) < ($${params.length - 1}, $${params.length})`;
    }
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM delivery WHERE ${where} ORDER BY received_at DESC, id DESC LIMIT $2`,
      params,
    );
    const items = rows.slice(0, limit).map(toView);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor({ at: last.receivedAt.toISOString(), id: last.id }) : null,
    };
  }

  /** A parked delivery processed again from its stored body (after the cause was fixed). */
  async replay(organisationId: string, actorId: string, id: string): Promise<DeliveryView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<DeliveryRow[]>(
        'SELECT id, status FROM delivery WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
        [organisationId, id],
      );
      if (!row) throw notFound('Delivery');
      if (row.status !== 'failed') {
        throw new DomainError(
          'conflict',
          `Only a failed delivery can be replayed (this one is ${row.status})`,
        );
      }
      await manager.query(`UPDATE delivery SET status = 'received', attempts = 0 WHERE id = $1`, [id]);
      const [updated] = await manager.query<DeliveryRow[]>(
        `SELECT ${DELIVERY_COLUMNS} FROM delivery WHERE id = $1`,
        [id],
      );
      await this.jobs.send<ProcessDeliveriesData>(PROCESS_DELIVERIES, { deliveryIds: [id] }, {}, manager);
      await this.audit.record(
        organisationId,
        { actorId, action: 'delivery.replay', targetType: 'delivery', targetId: id },
        manager,
      );
      return toView(updated);
    });
  }
}

const DELIVERY_COLUMNS = `id, platform, source, channel_id, channel_external_id, status, attempts, error, event_count,
  ignored, received_at, processed_at`;

interface DeliveryRow {
  id: string;
  platform: 'facebook' | 'twitter';
  source: 'webhook' | 'poll';
  channel_id: string | null;
  channel_external_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  event_count: number;
  ignored: string[];
  received_at: Date;
  processed_at: Date | null;
}

function toView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    platform: row.platform,
    source: row.source,
    channelId: row.channel_id,
    channelExternalId: row.channel_external_id,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    eventCount: row.event_count,
    ignored: row.ignored,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
  };
}
