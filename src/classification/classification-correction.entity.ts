import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import type { Intent, Sentiment } from './classification.types.js';

/** The labels a person set; a label left out was not corrected. */
export interface CorrectedLabels {
  /** Null: no department (spam). */
  department?: string | null;
  intent?: Intent;
  sentiment?: Sentiment;
  toxic?: boolean;
}

/** A person changed a ticket's labels: an example the organisation's model learns from. */
@Entity()
@Index(['organisationId', 'createdAt'])
@Index(['organisationId', 'ticketId'])
export class ClassificationCorrection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** The ticket corrected (no foreign key: the classifier knows text, not tickets). */
  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  context: string | null;

  @Column({ type: 'text', nullable: true })
  platform: string | null;

  @Column({ type: 'jsonb' })
  labels: CorrectedLabels;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
