import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service.js';
import { Mailer } from './mailer.js';
import { OutboxMail } from './outbox-mail.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  providers: [Mailer, MailService],
  exports: [MailService, Mailer],
})
export class MailModule {}
