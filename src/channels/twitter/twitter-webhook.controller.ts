import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
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

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'An X delivery (Account Activity or X Activity API), signed with x-twitter-webhooks-signature',
  })
  @ApiOkResponse({ description: 'Stored (or already stored); processed later' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong signature' })
  @ApiBadRequestResponse({ description: 'Signed, but not JSON' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB' })
  @ApiServiceUnavailableResponse({ description: 'Not stored (database unavailable): X sends it again' })
  async receive(@Req() request: Request): Promise<{ status: 'received' }> {
    await this.webhooks.receiveX(request.rawBody, request.headers);
    return { status: 'received' };
  }
}
