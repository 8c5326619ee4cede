import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [OrganisationsModule, UsersModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
