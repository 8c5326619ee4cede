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

/** A service of the authority that receives forwarded requests by email. */
@Entity()
@Index(['organisationId', 'code'], { unique: true })
export class Department {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** Stable identifier (`routes`, `etat-civil`): what classification and the API speak. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Where forwards are sent. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails: string[];

  /** A few sentences residents might write about it: teach the classifier a department of the authority's own. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  examples: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
