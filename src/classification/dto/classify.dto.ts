import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { INTENTS, SENTIMENTS } from '../classification.types.js';

/** Longest text accepted by POST /api/classify (a longer one is a 400). */
export const MAX_TEXT_LENGTH = 20_000;

export class ClassifyDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_TEXT_LENGTH,
    example: 'gros nid de poule route de brézé jai explosé mon pneu',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_LENGTH)
  @Matches(/\S/, { message: 'text must not be empty or only spaces' })
  text: string;

  @ApiPropertyOptional({
    maxLength: MAX_TEXT_LENGTH,
    description: 'The post the message comments, when known',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  context?: string;

  @ApiPropertyOptional({ enum: ['facebook', 'twitter'] })
  @IsOptional()
  @IsIn(['facebook', 'twitter'])
  platform?: 'facebook' | 'twitter';
}

class DepartmentLabel {
  @ApiProperty({ type: String, nullable: true, example: 'routes' }) code: string | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence: number;
}

class IntentLabel {
  @ApiProperty({ enum: INTENTS }) code: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence: number;
}

class Explanation {
  @ApiProperty({ type: [String], description: 'Words that weighed most for the department' })
  department: string[];
  @ApiProperty({ type: [String], description: 'Words that weighed most for the intent' }) intent: string[];
  @ApiProperty({
    type: [String],
    description:
      'Why a person should look: empty, department-unsure, intent-unsure, no-department, toxic, not-french, possible-spam',
  })
  reviewReasons: string[];
}

class PlaceView {
  @ApiProperty({ enum: ['commune', 'road'] }) kind: string;
  @ApiProperty({ description: 'As written' }) text: string;
  @ApiProperty({ description: 'Official commune name, or road reference such as "RD 204"' }) name: string;
  @ApiPropertyOptional({ description: 'INSEE code of the commune' }) code?: string;
}

class PersonalDataView {
  @ApiProperty({ enum: ['phone', 'email', 'address', 'iban', 'nir', 'birthdate'] }) kind: string;
  @ApiProperty({ description: 'Offset of the first character (UTF-16 code units)' }) start: number;
  @ApiProperty({ description: 'Offset after the last character' }) end: number;
}

export class ClassificationView {
  @ApiProperty({ type: DepartmentLabel }) department: DepartmentLabel;
  @ApiProperty({ type: IntentLabel }) intent: IntentLabel;
  @ApiProperty({ enum: SENTIMENTS }) sentiment: string;
  @ApiProperty() toxic: boolean;
  @ApiProperty({ example: 'fr', description: 'ISO 639-1' }) language: string;
  @ApiProperty() needsReview: boolean;
  @ApiProperty({ type: Explanation }) explanation: Explanation;
  @ApiProperty({ type: [PlaceView] }) places: PlaceView[];
  @ApiProperty({ type: [PersonalDataView] }) personalData: PersonalDataView[];
  @ApiProperty({ example: 'default-1' }) modelVersion: string;
}
