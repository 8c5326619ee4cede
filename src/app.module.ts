import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { migrations } from '../migrations/index.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClassificationModule } from './classification/classification.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DemoModule } from './demo/demo.module.js';
import { DepartmentsModule } from './departments/departments.module.js';
import { entities } from './entities.js';
import { HealthModule } from './health/health.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  /** `databaseUrl` is resolved before: the configured one, or the embedded server's. */
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, entities, migrations)),
        MetricsModule,
        JobsModule,
        AuditModule,
        HealthModule,
        AuthModule,
        OrganisationsModule,
        DepartmentsModule,
        UsersModule,
        IntakeModule,
        TicketsModule,
        ClassificationModule,
        MailModule,
        ChannelsModule,
        DemoModule,
      ],
    };
  }
}
