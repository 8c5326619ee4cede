import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted per key (`ip:…`, `account:…`) in a fixed window, in PostgreSQL so that
 * every instance of the service sees the same counts.
 */
@Entity()
export class LoginThrottle {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  failures: number;
}
