import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { Platform } from '../intake/incoming-delivery.js';
import type { Attachment, MessageKind } from '../intake/normalised-event.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Contact } from './contact.entity.js';
import { Ticket } from './ticket.entity.js';

/**
 * One message on a platform, from a resident (`in`) or from the page or account (`out`). Its platform
 * id is its dedupe key: a webhook retry, a batched resend or a webhook and a poll of the same post
 * find it stored. Our own posts that answer no ticket are kept without one (context for comments).
 */
@Entity()
@Index('message_key', ['organisationId', 'platform', 'externalId'], { unique: true })
@Index('message_ticket', ['ticketId', 'createdAt'])
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn()
  ticket?: Relation<Ticket> | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn()
  contact?: Relation<Contact> | null;

  @Column({ type: 'text' })
  platform: Platform;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Column({ type: 'text' })
  direction: 'in' | 'out';

  /** Facebook comment_id or post_id, Messenger mid, X tweet id or DM event id. */
  @Column({ type: 'text' })
  externalId: string;

  /** The message it answers (parent comment, replied-to mid, in_reply_to tweet). */
  @Column({ type: 'text', nullable: true })
  parentExternalId: string | null;

  /** The current text (after edits). */
  @Column({ type: 'text' })
  text: string;

  /** The text as first written, once it has been edited. */
  @Column({ type: 'text', nullable: true })
  originalText: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  hiddenAt: Date | null;

  /** Photos, videos, files as links to the platform's copy. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: Attachment[];

  @Column({ type: 'text', nullable: true })
  permalink: string | null;

  /** When it was written, by the platform's clock. */
  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  /** The delivery it came in (null for what we publish ourselves). */
  @Column({ type: 'uuid', nullable: true })
  deliveryId: string | null;
}
