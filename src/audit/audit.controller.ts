import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: 'Newest first: `{items, nextCursor}`' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.audit.list(principal.organisationId, query.limit ?? 25, query.cursor);
  }
}
