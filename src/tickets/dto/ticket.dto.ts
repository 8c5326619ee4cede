import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  INTENTS,
  SENTIMENTS,
  type Intent,
  type Sentiment,
} from '../../classification/classification.types.js';
import { PageQuery } from '../../common/pagination.js';
import { MESSAGE_KINDS, type Attachment, type MessageKind } from '../../intake/normalised-event.js';
import { TICKET_STATUSES, type TicketStatus } from '../ticket-status.js';

const DEPARTMENT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
/** A field that may be left out but, when given, may not be null. */
const Given = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export class TicketListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ description: 'Department code', example: 'routes' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE, { message: 'department must be a department code' })
  @MaxLength(40)
  department?: string;

  @ApiPropertyOptional({ enum: INTENTS })
  @IsOptional()
  @IsIn(INTENTS)
  intent?: Intent;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  needsReview?: boolean;

  @ApiPropertyOptional({ description: 'A user id, `me`, or `none` (unassigned)' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be a user id, me or none',
  })
  assignee?: string;
}

export class UpdateTicketDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @Given()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Department code, or null for none' })
  @IsOptional()
  @IsString()
  @Matches(DEPARTMENT_CODE, { message: 'department must be a department code' })
  @MaxLength(40)
  department?: string | null;

  @ApiPropertyOptional({ enum: INTENTS })
  @Given()
  @IsIn(INTENTS)
  intent?: Intent;

  @ApiPropertyOptional({ enum: SENTIMENTS })
  @Given()
  @IsIn(SENTIMENTS)
  sentiment?: Sentiment;

  @ApiPropertyOptional()
  @Given()
  @IsBoolean()
  toxic?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'A user of the organisation, or null',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class ContactView {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'X screen name, without @' }) handle:
    string | null;
}

export class AssigneeView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class AttachmentView {
  @ApiProperty({ example: 'image' }) type: string;
  @ApiProperty() url: string;
}

export class MessageView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Facebook comment_id or post_id, Messenger mid, X tweet id or DM event id' })
  externalId: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction: 'in' | 'out';
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ description: 'Current text (after edits)' }) text: string;
  @ApiProperty({ nullable: true, type: String, description: 'The first text, when edited' }) originalText:
    string | null;
  @ApiProperty({ type: [AttachmentView] }) attachments: Attachment[];
  @ApiProperty({ nullable: true, type: String }) parentExternalId: string | null;
  @ApiProperty({ nullable: true, type: String }) permalink: string | null;
  @ApiProperty({ description: 'When written, by the platform' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) editedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) removedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) hiddenAt: Date | null;
}

export class TicketView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'EG-2026-000123' }) reference: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Department code' }) department: string | null;
  @ApiProperty({ nullable: true, enum: INTENTS }) intent: Intent | null;
  @ApiProperty({ nullable: true, enum: SENTIMENTS }) sentiment: Sentiment | null;
  @ApiProperty() toxic: boolean;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ nullable: true, type: Number }) confidence: number | null;
  @ApiProperty() needsReview: boolean;
  @ApiProperty({ enum: ['facebook', 'twitter'] }) platform: 'facebook' | 'twitter';
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ nullable: true, type: String }) channelId: string | null;
  @ApiProperty({ type: ContactView }) contact: ContactView;
  @ApiProperty({ nullable: true, type: AssigneeView }) assignee: AssigneeView | null;
  @ApiProperty({ description: "The start of the resident's latest message" }) preview: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ description: "Platform time of the resident's latest message" }) lastActivityAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
}

export class TicketDetailView extends TicketView {
  @ApiProperty({ type: [MessageView], description: 'Oldest first' }) messages: MessageView[];
  @ApiProperty({ type: [Object], description: 'Forwards to departments (a later issue)' })
  forwards: unknown[];
  @ApiProperty({ type: [Object], description: 'Public replies (a later issue)' }) replies: unknown[];
  @ApiProperty({ nullable: true, type: Object, description: 'Why the classifier chose' })
  explanation: { department: string[]; intent: string[]; reviewReasons: string[] } | null;
}

export class TicketPage {
  @ApiProperty({ type: [TicketView] }) items: TicketView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
