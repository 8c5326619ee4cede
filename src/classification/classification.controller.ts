import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { ClassificationSettingsService } from './classification-settings.service.js';
import { ClassificationService } from './classification.service.js';
import { ClassifierModelsService } from './classifier-models.service.js';
import { ClassificationModelView } from './dto/classification-model.dto.js';
import { SettingsView, UpdateSettingsDto } from './dto/classification-settings.dto.js';
import { ClassificationView, ClassifyDto } from './dto/classify.dto.js';

@ApiTags('classification')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Role not allowed' })
@Controller('api')
export class ClassificationController {
  constructor(
    private readonly classification: ClassificationService,
    private readonly models: ClassifierModelsService,
    private readonly settings: ClassificationSettingsService,
  ) {}

  @Post('classify')
  @HttpCode(200)
  @Roles('admin', 'cm')
  @ApiOkResponse({ type: ClassificationView })
  @ApiBadRequestResponse({
    description: 'Empty or blank text, text over 20,000 characters, unknown platform',
  })
  classify(@CurrentPrincipal() principal: Principal, @Body() body: ClassifyDto) {
    return this.classification.classify(principal.organisationId, body);
  }

  @Get('classification/model')
  @Roles('admin', 'cm')
  @ApiOkResponse({ type: ClassificationModelView })
  model(@CurrentPrincipal() principal: Principal) {
    return this.models.describe(principal.organisationId);
  }

  @Post('classification/model/retrain')
  @HttpCode(202)
  @Roles('admin')
  @ApiAcceptedResponse({ description: 'A retraining is scheduled (debounced)' })
  async retrain(@CurrentPrincipal() principal: Principal): Promise<{ scheduled: true }> {
    await this.models.scheduleRetrain(principal.organisationId);
    return { scheduled: true };
  }

  @Get('classification/settings')
  @Roles('admin', 'cm')
  @ApiOkResponse({ type: SettingsView })
  getSettings(@CurrentPrincipal() principal: Principal) {
    return this.settings.get(principal.organisationId);
  }

  @Patch('classification/settings')
  @Roles('admin')
  @ApiOkResponse({ type: SettingsView })
  @ApiBadRequestResponse({ description: 'A threshold outside [0, 1]' })
  updateSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateSettingsDto) {
    return this.settings.update(principal.organisationId, principal.userId, body);
  }
}
