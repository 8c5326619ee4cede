import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { TicketDetailView, TicketListQuery, TicketPage, UpdateTicketDto } from './dto/ticket.dto.js';
import { TicketsService } from './tickets.service.js';

@ApiTags('tickets')
@Controller('api/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @Roles('admin', 'cm', 'agent')
  @ApiOkResponse({ type: TicketPage, description: 'Newest activity first; agents see their department only' })
  @ApiBadRequestResponse({ description: 'Unknown filter or value, bad cursor or limit' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: TicketListQuery) {
    return this.tickets.list(principal, query);
  }

  @Get(':id')
  @Roles('admin', 'cm', 'agent')
  @ApiOkResponse({ type: TicketDetailView })
  @ApiBadRequestResponse({ description: 'Not a UUID' })
  @ApiNotFoundResponse({ description: "Unknown, another organisation's, or (agents) another department's" })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.tickets.get(principal, id);
  }

  @Patch(':id')
  @Roles('admin', 'cm')
  @ApiOkResponse({
    type: TicketDetailView,
    description: 'A change of a label is a correction the classifier learns from',
  })
  @ApiBadRequestResponse({ description: 'Unknown field or value, or nothing to change' })
  @ApiNotFoundResponse()
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTicketDto,
  ) {
    return this.tickets.update(principal, id, body);
  }
}
