import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class OrganisationAdminDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @Length(1, 120) name: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ example: 'Département du Val-d’Orme' })
  @IsOptional()
  @IsString()
  @Length(1, 160)
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['49'],
    description: 'INSEE codes of the départements covered',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^(\d{2}|2A|2B|97\d)$/, {
    each: true,
    message: 'territory must hold département codes such as 49, 2A, 974',
  })
  territory?: string[];

  @ApiPropertyOptional({ description: 'Line appended to public replies' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  signature?: string;
}

export class CreateOrganisationDto extends UpdateOrganisationDto {
  @ApiProperty({ example: 'Commune de Saint-Martin' })
  @IsString()
  @Length(1, 160)
  declare name: string;

  @ApiProperty({ example: 'saint-martin' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and dashes' })
  @Length(2, 60)
  slug: string;

  @ApiProperty({ type: OrganisationAdminDto })
  @ValidateNested()
  @Type(() => OrganisationAdminDto)
  admin: OrganisationAdminDto;
}

export class OrganisationView {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) territory: string[];
  @ApiProperty({ nullable: true, type: String }) signature: string | null;
  @ApiProperty() createdAt: Date;
}
