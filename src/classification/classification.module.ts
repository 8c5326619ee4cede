import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentsModule } from '../departments/departments.module.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { ClassificationCorrection } from './classification-correction.entity.js';
import { ClassificationModel } from './classification-model.entity.js';
import { ClassificationSettings } from './classification-settings.entity.js';
import { ClassificationSettingsService } from './classification-settings.service.js';
import { ClassificationController } from './classification.controller.js';
import { ClassificationService } from './classification.service.js';
import { ClassifierModelsService } from './classifier-models.service.js';
import { CorrectionsService } from './corrections.service.js';
import { PlacesService } from './places.service.js';

/** Classification of residents' messages; exports `ClassificationService` and `CorrectionsService`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClassificationModel,
      ClassificationCorrection,
      ClassificationSettings,
      Organisation,
    ]),
    DepartmentsModule,
  ],
  controllers: [ClassificationController],
  providers: [
    ClassificationService,
    ClassifierModelsService,
    ClassificationSettingsService,
    CorrectionsService,
    PlacesService,
  ],
  exports: [ClassificationService, CorrectionsService],
})
export class ClassificationModule {}
