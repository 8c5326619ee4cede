import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { Intent, Sentiment } from '../classification/classification.types.js';
import { Department } from '../departments/department.entity.js';
import type { Platform } from '../intake/incoming-delivery.js';
import type { MessageKind } from '../intake/normalised-event.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { Contact } from './contact.entity.js';
import type { TicketStatus } from './ticket-status.js';

/**
 * A resident's request, report or opinion: the messages of one thread (design.md). The inbox reads
 * it newest activity first; each filter it offers has an index of its own (tickets.queries.ts).
 */
@Entity()
@Index('ticket_reference', ['organisationId', 'reference'], { unique: true })
@Index('ticket_inbox', ['organisationId', 'lastActivityAt', 'id'])
@Index('ticket_inbox_status', ['organisationId', 'status', 'lastActivityAt', 'id'])
@Index('ticket_inbox_department', ['organisationId', 'departmentId', 'lastActivityAt', 'id'])
@Index('ticket_inbox_intent', ['organisationId', 'intent', 'lastActivityAt', 'id'])
@Index('ticket_inbox_review', ['organisationId', 'needsReview', 'lastActivityAt', 'id'])
@Index('ticket_inbox_assignee', ['organisationId', 'assigneeId', 'lastActivityAt', 'id'])
@Index('ticket_thread', ['organisationId', 'threadKey', 'createdAt'])
@Index('ticket_contact', ['organisationId', 'contactId', 'postExternalId'])
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** `EG-2026-000123`: per organisation and year (ticket_counter), for people to quote. */
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  status: TicketStatus;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL' })
  @JoinColumn()
  department?: Relation<Department> | null;

  @Column({ type: 'text', nullable: true })
  intent: Intent | null;

  @Column({ type: 'text', nullable: true })
  sentiment: Sentiment | null;

  @Column({ type: 'boolean', default: false })
  toxic: boolean;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** How sure the classifier was of the department and the intent (the lower of the two). */
  @Column({ type: 'real', nullable: true })
  confidence: number | null;

  /** A person should look: not labelled yet, or the classifier was unsure. */
  @Column({ type: 'boolean', default: true })
  needsReview: boolean;

  @Column({ type: 'text' })
  platform: Platform;

  @Column({ type: 'text' })
  kind: MessageKind;

  /** The page or X account it came through (channels). */
  @Column({ type: 'uuid', nullable: true })
  channelId: string | null;

  @Column({ type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn()
  contact?: Relation<Contact>;

  /** threading.util.ts: what makes later messages join this ticket. */
  @Column({ type: 'text' })
  threadKey: string;

  /** The Facebook post commented on, or the X conversation: context for the classifier and replies. */
  @Column({ type: 'text', nullable: true })
  postExternalId: string | null;

  /** The start of the resident's latest message, for the inbox list. */
  @Column({ type: 'text', default: '' })
  preview: string;

  /** Platform time of the resident's latest message: the inbox order (keyset cursor, so milliseconds). */
  @Column({ type: 'timestamptz', precision: 3 })
  lastActivityAt: Date;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn()
  assignee?: Relation<User> | null;

  /** Last classification; null while waiting for it. */
  @Column({ type: 'timestamptz', nullable: true })
  labelledAt: Date | null;

  /** A person changed a label: the classifier no longer overwrites them. */
  @Column({ type: 'timestamptz', nullable: true })
  labelsCorrectedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  modelVersion: string | null;

  /** Why the classifier chose (its `explanation`), shown to the person who reviews. */
  @Column({ type: 'jsonb', nullable: true })
  explanation: { department: string[]; intent: string[]; reviewReasons: string[] } | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
