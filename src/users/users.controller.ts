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
import { Roles } from '../auth/roles.js';
import { CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [UserView] })
  list(@CurrentPrincipal() principal: Principal) {
    return this.users.list(principal.organisationId);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: UserView })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(principal.organisationId, id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserView })
  @ApiConflictResponse({ description: 'Email already used' })
  @ApiBadRequestResponse()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto) {
    return this.users.create(principal.organisationId, principal.userId, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({
    type: UserView,
    description: 'A change of role, department or password ends the user’s sessions',
  })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ) {
    return this.users.update(principal.organisationId, principal.userId, id, body);
  }
}
