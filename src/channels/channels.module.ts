import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntakeModule } from '../intake/intake.module.js';
import { MailModule } from '../mail/mail.module.js';
import { User } from '../users/user.entity.js';
import { ChannelHealthService } from './channel-health.service.js';
import { Channel } from './channel.entity.js';
import { ChannelsController } from './channels.controller.js';
import { ChannelsService } from './channels.service.js';
import { FacebookWebhookController } from './facebook/facebook-webhook.controller.js';
import { GraphClient } from './facebook/graph.client.js';
import { MentionsPollService } from './twitter/mentions-poll.service.js';
import { TwitterWebhookController } from './twitter/twitter-webhook.controller.js';
import { XClient } from './twitter/x.client.js';
import { UnroutableController } from './unroutable.controller.js';
import { UnroutableService } from './unroutable.service.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Channel, User]), IntakeModule, MailModule],
  controllers: [
    ChannelsController,
    FacebookWebhookController,
    TwitterWebhookController,
    UnroutableController,
  ],
  providers: [
    ChannelsService,
    ChannelHealthService,
    WebhooksService,
    GraphClient,
    XClient,
    MentionsPollService,
    UnroutableService,
  ],
  exports: [ChannelsService, ChannelHealthService, GraphClient, XClient],
})
export class ChannelsModule {}
