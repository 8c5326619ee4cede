import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** Who did what, when: kept for accountability (GDPR art. 5(2)); never holds secrets or message texts. */
@Entity()
@Index(['organisationId', 'createdAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  /** Null for the system itself (jobs, start-up). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** `auth.login`, `user.create`, `department.update`… */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  targetType: string | null;

  @Column({ type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: AuditDetails;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  /** Millisecond precision: the keyset cursor carries a JavaScript date. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
