import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { OperatorOnly } from '../auth/roles.js';
import { CreateOrganisationDto, OrganisationView, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@OperatorOnly()
@Controller('api/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @ApiCreatedResponse({
    type: OrganisationView,
    description: 'With the default departments and its first admin',
  })
  @ApiConflictResponse({ description: 'Slug or admin email already used' })
  @ApiBadRequestResponse()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrganisationDto) {
    return this.organisations.create(principal, body);
  }

  @Get()
  @ApiOkResponse({ type: [OrganisationView] })
  list() {
    return this.organisations.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationView })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.organisations.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: OrganisationView })
  @ApiNotFoundResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganisationDto,
  ) {
    return this.organisations.update(principal, id, body);
  }
}
