import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Delivery } from './delivery.entity.js';
import { IntakeService } from './intake.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Delivery])],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
