import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module.js';
import { LabelTicketJob } from './label-ticket.job.js';
import { TicketCounterService } from './ticket-counter.service.js';
import { TicketMessagesService } from './ticket-messages.service.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';

/** Tickets, their messages and contacts: the inbox's routes and the labelling job. */
@Module({
  imports: [ClassificationModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketMessagesService, TicketCounterService, LabelTicketJob],
  exports: [TicketsService, TicketMessagesService, TicketCounterService],
})
export class TicketsModule {}
