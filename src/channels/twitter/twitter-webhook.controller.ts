import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WebhooksService } from '../webhooks.service.js';

@ApiTags('webhooks')
@Controller('webhooks/twitter')
export class TwitterWebhookController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'X’s challenge-response check (CRC)' })
  @ApiQuery({ name: 'crc_token' })
  @ApiOkResponse({
    description: '{"response_token": "sha256=<base64 HMAC-SHA256 under the consumer secret>"}',
  })
  @ApiBadRequestResponse({ description: 'No crc_token' })
  crc(@Query('crc_token') crcToken: unknown): { response_token: string } {
    return this.webhooks.xCrc(crcToken);
  }
}
