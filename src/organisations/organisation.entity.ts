import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An authority (région, département, commune) served by this deployment: the tenant itself. */
@Entity()
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  slug: string;

  /** Codes of the départements the authority covers (INSEE, e.g. "49"): places are looked up there. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  territory: string[];

  /** Appended to every public reply, e.g. "Le Département du Val-d'Orme". */
  @Column({ type: 'text', nullable: true })
  signature: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
