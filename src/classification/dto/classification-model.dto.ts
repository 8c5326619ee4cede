import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class EvaluationView {
  @ApiProperty({ description: 'Held-out messages evaluated' }) heldOut: number;
  @ApiProperty({ description: 'Corrections kept aside and evaluated' }) corrections: number;
  @ApiProperty() departmentMacroF1: number;
  @ApiProperty() intentMacroF1: number;
  @ApiProperty() sentimentMacroF1: number;
  @ApiProperty() toxicF1: number;
  @ApiProperty({ description: 'Mean of the four figures' }) score: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Score of the model in use before, on the same messages',
  })
  previousScore: number | null;
  @ApiProperty({ description: 'Whether it replaced the model in use' }) accepted: boolean;
}

class ModelVersionView {
  @ApiProperty({ example: 'org-3' }) version: string;
  @ApiProperty({ enum: ['active', 'retired', 'rejected'] }) status: string;
  @ApiProperty() trainedAt: Date;
  @ApiProperty() examples: number;
  @ApiProperty() corrections: number;
  @ApiProperty({ type: EvaluationView, nullable: true }) evaluation: EvaluationView | null;
}

export class ClassificationModelView {
  @ApiProperty({ example: 'default-1', description: 'The version in use' }) version: string;
  @ApiProperty({
    enum: ['default', 'organisation'],
    description: 'The shipped model or the organisation’s own',
  })
  scope: string;
  @ApiProperty() trainedAt: Date;
  @ApiProperty({ description: 'Messages it was trained on' }) examples: number;
  @ApiProperty({ description: 'Corrections among them' }) corrections: number;
  @ApiProperty({ type: [String] }) departments: string[];
  @ApiProperty() trainingSeconds: number;
  @ApiProperty({ type: EvaluationView, nullable: true, description: 'Its last evaluation' })
  evaluation: EvaluationView | null;
  @ApiProperty({ description: 'The departments changed since: a retraining is scheduled' })
  retrainPending: boolean;
  @ApiPropertyOptional({ type: [ModelVersionView], description: 'The organisation’s latest versions' })
  history: ModelVersionView[];
}
