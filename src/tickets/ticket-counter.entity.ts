import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last ticket number given per organisation and year, taken with an atomic upsert (no gaps needed). */
@Entity()
export class TicketCounter {
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  value: number;
}
