import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service.js';
import type { IncomingDelivery } from './incoming-delivery.js';

export const PROCESS_DELIVERY = 'intake.process-delivery';

@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  /**
   * Stores the delivery durably and enqueues its processing, in one transaction; resolves only
   * once committed, so a 200 always means stored. The same delivery again is a no-op.
   */
  async receive(delivery: IncomingDelivery): Promise<{ deliveryId: string; duplicate: boolean }> {
    const dedupeKey = createHash('sha256')
      .update(`${delivery.platform}\n${delivery.channelExternalId ?? ''}\n`)
      .update(delivery.rawBody)
      .digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO delivery (organisation_id, channel_id, channel_external_id, platform, source, dedupe_key, body, headers, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id`,
        [
          delivery.organisationId,
          delivery.channelId,
          delivery.channelExternalId,
          delivery.platform,
          delivery.source,
          dedupeKey,
          delivery.rawBody.toString('utf8'),
          JSON.stringify(delivery.headers),
          delivery.organisationId ? 'received' : 'unroutable',
        ],
      );
      if (inserted.length === 0) {
        const [existing] = await manager.query<{ id: string }[]>(
          'SELECT id FROM delivery WHERE dedupe_key = $1',
          [dedupeKey],
        );
        return { deliveryId: existing.id, duplicate: true };
      }
      const deliveryId = inserted[0].id;
      if (delivery.organisationId) await this.jobs.send(PROCESS_DELIVERY, { deliveryId }, {}, manager);
      return { deliveryId, duplicate: false };
    });
  }
}
