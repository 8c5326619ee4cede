import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { formatReference, referenceYear } from './ticket-reference.util.js';

/**
 * Ticket references, per organisation and year, from the `ticket_counter` row updated atomically.
 * The number is taken in a statement of its own, committed at once, on a small pool of its own: the
 * row's lock lasts that statement only, so organisations' tickets opened at once do not queue behind
 * each other's whole transactions; and that pool never waits on the main one (no pool deadlock). A
 * number whose ticket is then rolled back is lost: references may skip, never repeat.
 */
@Injectable()
export class TicketCounterService implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = new pg.Pool({
      connectionString: (dataSource.options as { url: string }).url,
      max: 2,
      application_name: 'e-guichet-counter',
      // The transaction waiting for a number holds locks of its own: were the counter queued behind DDL
      // that waits for those, neither would ever move, and PostgreSQL cannot see that deadlock. A number
      // not had in 5 s fails the transaction, which is retried.
      lock_timeout: 5000,
    });
    this.pool.on('error', () => undefined);
  }

  /** `count` new references of the organisation, in order. */
  async take(organisationId: string, count: number, at = new Date()): Promise<string[]> {
    const year = referenceYear(at);
    // Not waiting for the disk: a ticket using the number commits after this, and its commit flushes
    // this one first; if both are lost in a crash, the numbers are simply given again.
    const { rows } = await this.pool.query<{ value: number }>({
      name: 'tickets-counter-take',
      text: `WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true))
       INSERT INTO ticket_counter (organisation_id, year, value) SELECT $1, $2, $3 FROM asynchronous
       ON CONFLICT (organisation_id, year) DO UPDATE SET value = ticket_counter.value + $3
       RETURNING value`,
      values: [organisationId, year, count],
    });
    const last = rows[0].value;
    return Array.from({ length: count }, (_, index) => formatReference(year, last - count + 1 + index));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
