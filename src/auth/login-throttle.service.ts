import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';

const WINDOW_SECONDS = 15 * 60;
/** Per account: slows password guessing on one person; per IP: slows spraying many accounts. */
const LIMITS = { account: 5, ip: 30 } as const;

type Kind = keyof typeof LIMITS;

@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Throws `rate_limited` with the seconds to wait when any key is over its limit. */
  async assertAllowed(keys: Record<Kind, string>): Promise<void> {
    const rows = await this.dataSource.query<{ key: string; failures: number; wait: number }[]>(
      `SELECT key, failures, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS wait
         FROM login_throttle
        WHERE key = ANY($1) AND window_start > now() - make_interval(secs => $2)`,
      [Object.values(keys), WINDOW_SECONDS],
    );
    for (const kind of Object.keys(LIMITS) as Kind[]) {
      const row = rows.find((candidate) => candidate.key === keys[kind]);
      if (row && row.failures >= LIMITS[kind]) {
        throw new DomainError('rate_limited', 'Too many failed sign-ins; try again later', row.wait);
      }
    }
  }

  async recordFailure(keys: Record<Kind, string>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttle (key, window_start, failures)
       SELECT unnest($1::text[]), now(), 1
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start <= now() - make_interval(secs => $2) THEN 1
                         ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start <= now() - make_interval(secs => $2) THEN now()
                             ELSE login_throttle.window_start END`,
      [Object.values(keys), WINDOW_SECONDS],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }
}

export function throttleKeys(ip: string, email: string): Record<Kind, string> {
  return { ip: `ip:${ip}`, account: `account:${email.trim().toLowerCase()}` };
}
