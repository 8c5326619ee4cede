import { Inject, Injectable } from '@nestjs/common';
import { ChannelsService } from '../channels/channels.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersService } from '../users/users.service.js';
import { DomainError } from '../common/domain-error.js';
import { DEMO_ORGANISATION, DEMO_USERS } from './demo-organisation.js';

@Injectable()
export class DemoService {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly channels: ChannelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Idempotent: a second start finds what the first one made. Returns the demo organisation's id. */
  async seed(): Promise<string> {
    const organisation = await this.organisations.ensure(DEMO_ORGANISATION, (code) => [`${code}@demo.local`]);
    for (const user of DEMO_USERS) {
      try {
        await this.users.create(organisation.id, null, {
          ...user,
          department: 'department' in user ? user.department : undefined,
        });
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
      }
    }
    await this.organisations.ensureOperator(
      this.config.admin ?? { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password },
      organisation.id,
    );
    // The played page and account (src/demo/demo-platforms.ts), or the environment's.
    await this.channels.ensureFromEnvironment(organisation.id);
    return organisation.id;
  }

  /** For the person at the terminal: plain lines on stdout, not a JSON log record. */
  printLogins(): void {
    const lines = [
      `Démo « ${DEMO_ORGANISATION.name} » : ${this.config.publicUrl}/docs`,
      ...DEMO_USERS.map((user) => `  ${user.role.padEnd(8)} ${user.email.padEnd(20)} ${user.password}`),
    ];
    if (this.config.admin) lines.push(`  operator ${this.config.admin.email} (ADMIN_PASSWORD)`);
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
}
