import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoTrafficService } from './demo-traffic.service.js';
import { DemoService } from './demo.service.js';

@Module({
  imports: [OrganisationsModule, UsersModule, ChannelsModule],
  providers: [DemoService, DemoTrafficService],
  exports: [DemoService, DemoTrafficService],
})
export class DemoModule {}
