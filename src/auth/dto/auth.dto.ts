import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../roles.js';

export class LoginDto {
  @ApiProperty({ example: 'cm@demo.local' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 200)
  newPassword: string;
}

export class TokensView {
  @ApiProperty({ description: 'Bearer token for /api/**' }) accessToken: string;
  @ApiProperty({ description: 'Single use: exchange it at /api/auth/refresh' }) refreshToken: string;
  @ApiProperty({ description: 'Seconds the access token lives' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
}

export class MeView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() organisationId: string;
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty() operator: boolean;
}
