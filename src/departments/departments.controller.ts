import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { DepartmentsService } from './departments.service.js';
import { CreateDepartmentDto, DepartmentView, UpdateDepartmentDto } from './dto/department.dto.js';

@ApiTags('departments')
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Roles('admin', 'cm')
  @ApiOkResponse({ type: [DepartmentView] })
  list(@CurrentPrincipal() principal: Principal) {
    return this.departments.list(principal.organisationId);
  }

  @Get(':code')
  @Roles('admin', 'cm')
  @ApiOkResponse({ type: DepartmentView })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param('code') code: string) {
    return this.departments.get(principal.organisationId, code);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiConflictResponse({ description: 'A department with this code exists' })
  @ApiBadRequestResponse()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDepartmentDto) {
    return this.departments.create(principal.organisationId, principal.userId, body);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOkResponse({ type: DepartmentView })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('code') code: string,
    @Body() body: UpdateDepartmentDto,
  ) {
    return this.departments.update(principal.organisationId, principal.userId, code, body);
  }
}
