import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WebhooksService } from '../webhooks.service.js';

@ApiTags('webhooks')
@Controller('webhooks/facebook')
export class FacebookWebhookController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Meta’s verification of the callback URL: answers hub.challenge as plain text' })
  @ApiQuery({ name: 'hub.mode', example: 'subscribe' })
  @ApiQuery({ name: 'hub.verify_token', description: 'FACEBOOK_VERIFY_TOKEN' })
  @ApiQuery({ name: 'hub.challenge' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, as plain text' })
  @ApiForbiddenResponse({ description: 'Wrong verify token or mode' })
  verify(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response): string {
    const challenge = this.webhooks.facebookVerification(query);
    // Plain text, exactly the challenge (an error stays JSON).
    response.type('text/plain');
    return challenge;
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A Page delivery (feed, Messenger), signed with X-Hub-Signature-256; 200 once stored',
  })
  @ApiOkResponse({ description: 'Stored (or already stored); processed later' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong signature' })
  @ApiBadRequestResponse({ description: 'Signed, but not JSON' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB' })
  @ApiServiceUnavailableResponse({ description: 'Not stored (database unavailable): Meta sends it again' })
  async receive(@Req() request: Request): Promise<{ status: 'received' }> {
    await this.webhooks.receiveFacebook(request.rawBody, request.headers);
    return { status: 'received' };
  }
}
