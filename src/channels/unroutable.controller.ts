import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperatorOnly } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { UnroutablePageView } from './dto/channel.dto.js';
import { UnroutableService } from './unroutable.service.js';

@ApiTags('channels')
@Controller('api/intake/unroutable')
export class UnroutableController {
  constructor(private readonly unroutable: UnroutableService) {}

  @Get()
  @OperatorOnly()
  @ApiOkResponse({
    type: UnroutablePageView,
    description: 'Webhook deliveries no channel claimed (unknown page or account), newest first',
  })
  list(@Query() query: PageQuery) {
    return this.unroutable.list(query.limit ?? 25, query.cursor);
  }
}
