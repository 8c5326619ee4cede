import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Platform } from './incoming-delivery.js';

export type DeliveryStatus = 'received' | 'processed' | 'failed' | 'unroutable';

/**
 * A platform delivery exactly as it arrived, stored before it is acknowledged: nothing acknowledged
 * is lost, and it can be processed again. Unroutable ones (no channel) have no organisation.
 */
@Entity()
@Index(['organisationId', 'status', 'receivedAt'])
/** The few waiting for processing, found at start without reading the whole history. */
@Index('delivery_waiting', ['receivedAt'], { where: "status = 'received'" })
export class Delivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  channelId: string | null;

  @Column({ type: 'text', nullable: true })
  channelExternalId: string | null;

  @Column({ type: 'text' })
  platform: Platform;

  @Column({ type: 'text' })
  source: 'webhook' | 'poll';

  /** SHA-256 of channel and body: the platform resending the same delivery finds it stored. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  dedupeKey: string;

  /** The bytes as received (signatures are over them), as UTF-8 text. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The last processing error; kept when the delivery is parked (`failed`) for an admin to replay. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** How many events it held for its channel (after processing). */
  @Column({ type: 'integer', default: 0 })
  eventCount: number;

  /** What it held that made no event (unknown fields, items, event keys; receipts): kept for the operator. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  ignored: string[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
