import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
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
}
