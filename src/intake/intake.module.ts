import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketsModule } from '../tickets/tickets.module.js';
import { Delivery } from './delivery.entity.js';
import { DeliveryRetentionJob } from './delivery-retention.job.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { MessageIntakeService } from './message-intake.service.js';
import { ProcessDeliveriesJob } from './process-deliveries.job.js';

/** Stored deliveries, their processing into messages and tickets, and the operator's view of them. */
@Module({
  imports: [TypeOrmModule.forFeature([Delivery]), TicketsModule],
  controllers: [IntakeController],
  providers: [IntakeService, MessageIntakeService, ProcessDeliveriesJob, DeliveryRetentionJob],
  exports: [IntakeService],
})
export class IntakeModule {}
