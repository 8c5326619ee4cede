import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import type { UnroutableDeliveryView } from './dto/channel.dto.js';

const EXCERPT = 300;

/**
 * Deliveries no channel claimed (an unknown page or account, a switched-off channel, an entry
 * without id): the platform operator's view, across organisations, since they belong to none.
 */
@Injectable()
export class UnroutableService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(limit: number, cursor?: string): Promise<Page<UnroutableDeliveryView>> {
    const position = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.dataSource.query<
      {
        id: string;
        platform: 'facebook' | 'twitter';
        channel_external_id: string | null;
        source: string;
        received_at: Date;
        size: number;
        excerpt: string;
      }[]
    >(
      `SELECT id, platform, channel_external_id, source, received_at, octet_length(body) AS size, left(body, ${EXCERPT}) AS excerpt
         FROM delivery
        WHERE organisation_id IS NULL
          ${position ? 'AND (received_at, id) < ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY received_at DESC, id DESC
        LIMIT $1`,
      position ? [limit + 1, position.at, position.id] : [limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        platform: row.platform,
        channelExternalId: row.channel_external_id,
        source: row.source,
        receivedAt: row.received_at,
        size: Number(row.size),
        excerpt: row.excerpt,
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ at: new Date(last.received_at).toISOString(), id: last.id })
          : null,
    };
  }
}
