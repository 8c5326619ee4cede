import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { ChannelHealthService } from './channel-health.service.js';
import { ChannelsService } from './channels.service.js';
import { ChannelAlertItemView, ChannelView, CreateChannelDto, UpdateChannelDto } from './dto/channel.dto.js';

@ApiTags('channels')
@Controller('api/channels')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsService,
    private readonly health: ChannelHealthService,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [ChannelView], description: 'Tokens are never returned' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.channels.list(principal.organisationId);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ChannelView })
  @ApiConflictResponse({ description: 'This page or account is already connected (in any organisation)' })
  @ApiBadRequestResponse()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateChannelDto) {
    return this.channels.create(principal.organisationId, principal.userId, body);
  }

  @Get('alerts')
  @Roles('admin', 'cm')
  @ApiOkResponse({
    type: [ChannelAlertItemView],
    description: 'Channels that need an admin: broken, unsubscribed',
  })
  alerts(@CurrentPrincipal() principal: Principal) {
    return this.channels.alerts(principal.organisationId);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ChannelView })
  @ApiNotFoundResponse()
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.channels.get(principal.organisationId, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ChannelView, description: 'A new token clears a broken status' })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateChannelDto,
  ) {
    return this.channels.update(principal.organisationId, principal.userId, id, body);
  }

  @Post(':id/check')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({
    type: ChannelView,
    description:
      'Checks the channel now with the platform (Facebook: still subscribed, re-subscribed if not; X: the token’s account)',
  })
  @ApiNotFoundResponse()
  @ApiServiceUnavailableResponse({ description: 'The platform could not be reached or limited us' })
  check(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.health.check(principal.organisationId, id);
  }
}
