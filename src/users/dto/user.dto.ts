import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../auth/roles.js';

export class CreateUserDto {
  @ApiProperty({ example: 'camille.martin@valdorme.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'Camille Martin',
    description: 'Real name: replies are signed with the first name',
  })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  password: string;

  @ApiPropertyOptional({ description: 'Department code; required for an agent, refused otherwise' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  department?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ minLength: 10, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(10, 200)
  password?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  department?: string | null;

  @ApiPropertyOptional({ description: 'false: the person can no longer sign in' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() organisationId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Department code (agents)' }) department:
    string | null;
  @ApiProperty() operator: boolean;
  @ApiProperty() active: boolean;
}
