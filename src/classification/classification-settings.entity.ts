import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

/** An organisation's review thresholds; absent: the defaults chosen from the evaluation. */
@Entity()
export class ClassificationSettings {
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @OneToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** Below this department confidence, a message goes to review. */
  @Column({ type: 'real' })
  departmentThreshold: number;

  /** Below this intent confidence, a message goes to review. */
  @Column({ type: 'real' })
  intentThreshold: number;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
