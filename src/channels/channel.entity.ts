import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Platform } from '../intake/incoming-delivery.js';
import { Organisation } from '../organisations/organisation.entity.js';

/** `broken`: the platform refused the token; `unsubscribed`: the page no longer sends us its events. */
export type ChannelStatus = 'active' | 'broken' | 'unsubscribed';
export const CHANNEL_STATUSES: readonly ChannelStatus[] = ['active', 'broken', 'unsubscribed'];
export const PLATFORMS: readonly Platform[] = ['facebook', 'twitter'];

/**
 * A Facebook page or an X account of an organisation. Unique across the deployment, not per
 * organisation: webhooks find the organisation from the page or account id alone.
 */
@Entity()
@Index(['platform', 'externalId'], { unique: true })
@Index(['organisationId', 'createdAt'])
export class Channel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  @Column({ type: 'text' })
  platform: Platform;

  /** The page id, or the X user id. */
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  name: string;

  /** Sealed with SecretBox (AES-256-GCM); never returned, never logged. */
  @Column({ type: 'text', nullable: true })
  accessToken: string | null;

  /** X OAuth 1.0a token secret, sealed. */
  @Column({ type: 'text', nullable: true })
  accessSecret: string | null;

  /** The key the secrets were sealed with: rows still under an old key can be found and resealed. */
  @Column({ type: 'text', nullable: true })
  secretKeyId: string | null;

  /** False: switched off by an admin (no polling, no checks; deliveries are not routed to it). */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text', default: 'active' })
  status: ChannelStatus;

  /** What the admin must know or do, in French; null when all is well. */
  @Column({ type: 'text', nullable: true })
  alert: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  alertedAt: Date | null;

  /** X polling: the newest mention already stored (`since_id` of the next poll). */
  @Column({ type: 'text', nullable: true })
  lastPolledId: string | null;

  /** X polling: not before this time (the platform asked to wait). */
  @Column({ type: 'timestamptz', nullable: true })
  pollNotBefore: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
