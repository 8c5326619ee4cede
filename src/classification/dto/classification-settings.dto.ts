import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';

export class UpdateSettingsDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    example: 0.6,
    description: 'Department confidence under which a message goes to review',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  departmentThreshold?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    example: 0.6,
    description: 'Intent confidence under which a message goes to review',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  intentThreshold?: number;
}

class ThresholdDefaults {
  @ApiProperty() departmentThreshold: number;
  @ApiProperty() intentThreshold: number;
}

export class SettingsView {
  @ApiProperty() departmentThreshold: number;
  @ApiProperty() intentThreshold: number;
  @ApiProperty({ type: ThresholdDefaults, description: 'Chosen from the evaluation of the shipped data' })
  defaults: ThresholdDefaults;
}
