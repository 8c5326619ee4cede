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

export type ModelStatus = 'active' | 'retired' | 'rejected';

/** How a trained model did on its evaluation set (figures in [0,1]). */
export interface ModelEvaluation {
  /** What it was measured on: held-out messages and the share of corrections kept aside. */
  heldOut: number;
  corrections: number;
  departmentMacroF1: number;
  intentMacroF1: number;
  sentimentMacroF1: number;
  toxicF1: number;
  /** Mean of the four: what decides whether a new model replaces the one in use. */
  score: number;
  /** The model in use when this one was evaluated, on the same messages (null: none comparable). */
  previousScore: number | null;
  accepted: boolean;
}

/**
 * A trained classifier, stored so that it survives restarts and every instance uses the same one.
 * `organisationId` null: the default model trained from the shipped data alone; otherwise one
 * organisation's model (its departments, their examples, its corrections), versioned.
 */
@Entity()
@Index(['organisationId', 'version'], { unique: true })
@Index(['fingerprint'])
export class ClassificationModel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** 1, 2, 3… per organisation (the default model: per fingerprint). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  status: ModelStatus;

  /** Hash of everything it was trained from (data, departments, corrections, code version). */
  @Column({ type: 'text' })
  fingerprint: string;

  /** Hash of the organisation's departments it was trained for (codes, descriptions, examples). */
  @Column({ type: 'text' })
  taxonomy: string;

  @Column({ type: 'text', array: true })
  departments: string[];

  @Column({ type: 'integer' })
  examples: number;

  @Column({ type: 'integer', default: 0 })
  corrections: number;

  @Column({ type: 'real' })
  trainingSeconds: number;

  @Column({ type: 'jsonb', nullable: true })
  evaluation: ModelEvaluation | null;

  /** The serialised model (gzip). */
  @Column({ type: 'bytea' })
  data: Buffer;

  @Column({ type: 'timestamptz' })
  trainedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
