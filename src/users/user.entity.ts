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
import type { Role } from '../auth/roles.js';
import { Department } from '../departments/department.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

@Entity()
@Index(['organisationId', 'role'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  /** Unique across the deployment, not per organisation: a person signs in with an email alone. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  /** Replies are signed with the first word of it: a real identity, never a persona. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'boolean', default: false })
  operator: boolean;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL' })
  @JoinColumn()
  department?: Department | null;

  @Column({ type: 'text' })
  passwordHash: string;

  /** Raised on logout, password change and role change: older tokens stop working. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
