import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Platform } from '../../intake/incoming-delivery.js';
import { CHANNEL_STATUSES, type ChannelStatus, PLATFORMS } from '../channel.entity.js';

export class CreateChannelDto {
  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS)
  platform: Platform;

  @ApiProperty({ example: '100473908465587', description: 'The Facebook page id, or the X user id' })
  @Matches(/^\d{1,30}$/, { message: 'externalId must be the numeric id of the page or account' })
  externalId: string;

  @ApiProperty({ example: 'Département du Val-d’Orme' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({
    description: 'Page access token, or X user access token. Write-only: never returned.',
    writeOnly: true,
  })
  @IsString()
  @Length(1, 2000)
  accessToken: string;

  @ApiPropertyOptional({ description: 'X OAuth 1.0a access token secret. Write-only.', writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  accessSecret?: string;
}

export class UpdateChannelDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ description: 'A new token: clears a "broken" status. Write-only.', writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  accessToken?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Write-only; null removes it.',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessSecret?: string | null;

  @ApiPropertyOptional({
    description: 'false: stop polling and checking, deliveries are no longer routed to it',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ChannelAlertView {
  @ApiProperty({ example: 'Le jeton d’accès a été refusé par Facebook : renseignez-en un nouveau.' })
  text: string;
  @ApiProperty() at: Date;
}

export class ChannelView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CHANNEL_STATUSES }) status: ChannelStatus;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: ChannelAlertView, nullable: true }) alert: ChannelAlertView | null;
  @ApiProperty({ description: 'Whether a token is stored (the token itself is never returned)' })
  hasAccessToken: boolean;
  @ApiProperty() hasAccessSecret: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'X polling: newest mention read' })
  lastPolledId: string | null;
  @ApiProperty({ nullable: true, type: Date }) checkedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ChannelAlertItemView {
  @ApiProperty() channelId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CHANNEL_STATUSES }) status: ChannelStatus;
  @ApiProperty() text: string;
  @ApiProperty() at: Date;
}

export class UnroutableDeliveryView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ nullable: true, type: String, description: 'The page or account id the delivery named' })
  channelExternalId: string | null;
  @ApiProperty() source: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'The first characters of the body, to recognise it' }) excerpt: string;
}

export class UnroutablePageView {
  @ApiProperty({ type: [UnroutableDeliveryView] }) items: UnroutableDeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
