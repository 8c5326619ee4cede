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

/** A resident as a platform knows them: one row per organisation, platform and platform user id. */
@Entity()
@Index(['organisationId', 'platform', 'platformUserId'], { unique: true })
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn()
  organisation?: Organisation;

  @Column({ type: 'text' })
  platform: Platform;

  /** Page-scoped id (Facebook, Messenger PSID) or X user id. */
  @Column({ type: 'text' })
  platformUserId: string;

  /** Null until a platform tells it (Messenger events carry no name). */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** X screen name, without `@`. */
  @Column({ type: 'text', nullable: true })
  handle: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
