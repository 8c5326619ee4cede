import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module.js';
import { LabelTicketJob } from './label-ticket.job.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';

/** Tickets, their messages and contacts: the inbox's routes and the labelling job. */
@Module({
  imports: [ClassificationModule],
  controllers: [TicketsController],
  providers: [TicketsService, LabelTicketJob],
  exports: [TicketsService],
})
export class TicketsModule {}
