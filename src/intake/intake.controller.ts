import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { DeliveryListQuery, DeliveryPage, DeliveryView } from './dto/delivery.dto.js';
import { IntakeService } from './intake.service.js';

@ApiTags('intake')
@Controller('api/intake/deliveries')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: DeliveryPage, description: 'Newest first; `?status=failed` lists the parked ones' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: DeliveryListQuery) {
    return this.intake.list(principal.organisationId, query.status, query.limit ?? 25, query.cursor);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @Roles('admin')
  @ApiAcceptedResponse({ type: DeliveryView, description: 'Queued again (status `received`)' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The delivery is not failed' })
  replay(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.intake.replay(principal.organisationId, principal.userId, id);
  }
}
