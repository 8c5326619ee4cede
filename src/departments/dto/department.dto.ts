import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'etat-civil', description: 'Stable code: lower-case letters, digits and dashes' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'code must be lower-case letters, digits and dashes' })
  @Length(2, 40)
  code: string;

  @ApiProperty({ example: 'État civil' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ type: [String], example: ['etat-civil@mairie.example'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  emails: string[];

  @ApiPropertyOptional({ description: 'What the department covers, in the words residents use' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'A few sentences residents might write about it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  examples?: string[];
}

export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class DepartmentView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: [String] }) emails: string[];
  @ApiProperty({ type: [String] }) examples: string[];
  @ApiProperty() active: boolean;
}
