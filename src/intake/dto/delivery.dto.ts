import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import type { DeliveryStatus } from '../delivery.entity.js';

const STATUSES: DeliveryStatus[] = ['received', 'processed', 'failed'];

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: STATUSES,
    description: '`failed`: parked after its retries, waiting for a replay',
  })
  @IsOptional()
  @IsIn(STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['facebook', 'twitter'] }) platform: 'facebook' | 'twitter';
  @ApiProperty({ enum: ['webhook', 'poll'] }) source: 'webhook' | 'poll';
  @ApiProperty({ nullable: true, type: String }) channelId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Page id or X user id' }) channelExternalId:
    string | null;
  @ApiProperty({ enum: ['received', 'processed', 'failed', 'unroutable'] }) status: DeliveryStatus;
  @ApiProperty({ description: 'Failed processing attempts' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'The last processing error' }) error:
    string | null;
  @ApiProperty({ description: 'Events it held for its channel' }) eventCount: number;
  @ApiProperty({ type: [String], description: 'What it held that made no event' }) ignored: string[];
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) processedAt: Date | null;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
