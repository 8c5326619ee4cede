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
import { Organisation } from '../organisations/organisation.entity.js';

/** `held`: no SMTP server configured, the mail stays here to be read in the database. */
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'held';

/**
 * An email rendered by its sender and queued in the sender's transaction; the send job only sends.
 * `dedupeKey` makes queuing the same mail twice harmless; `messageId` is fixed at queuing so that a
 * retry carries the same Message-ID and replies can be matched to it.
 */
@Entity()
@Index(['organisationId', 'dedupeKey'], { unique: true })
@Index(['organisationId', 'createdAt'])
export class OutboxMail {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  @Column({ type: 'text', array: true })
  to: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** Extra headers (Reply-To, In-Reply-To, References…). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** `<id@domain>`, the same on every attempt. */
  @Column({ type: 'text' })
  messageId: string;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
