import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Platform } from '../intake/incoming-delivery.js';
import { IntakeService } from '../intake/intake.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ChannelHealthService } from './channel-health.service.js';
import { ChannelsService } from './channels.service.js';
import { facebookRecipients, isXRevoke, xRecipient } from './webhook-routing.util.js';
import {
  checkFacebookSignature,
  checkXSignature,
  facebookVerificationAnswer,
  type SignatureCheck,
  xCrcResponseToken,
} from './webhook-signature.util.js';

/** Headers stored with a delivery: what proves and describes it, never credentials. */
const KEPT_HEADERS = [
  'content-type',
  'user-agent',
  'x-hub-signature-256',
  'x-hub-signature',
  'x-twitter-webhooks-signature',
  'x-request-id',
];

type Headers = Record<string, string | string[] | undefined>;

/**
 * The platform side of a delivery: check the signature over the raw bytes, parse, find the channel
 * from the payload, and hand the bytes to intake, which stores them durably before we answer 200.
 * Nothing else happens before the answer.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly deliveries: Counter<'platform' | 'outcome'>;

  constructor(
    private readonly intake: IntakeService,
    private readonly channels: ChannelsService,
    private readonly health: ChannelHealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.deliveries = new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook deliveries by platform and outcome (one per page for batched Facebook deliveries)',
      labelNames: ['platform', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  /** Meta's verification GET: the challenge, or 403. */
  facebookVerification(query: Record<string, unknown>): string {
    const verifyToken = this.config.facebook.verifyToken;
    const answer = verifyToken
      ? facebookVerificationAnswer(
          {
            mode: query['hub.mode'],
            verifyToken: query['hub.verify_token'],
            challenge: query['hub.challenge'],
          },
          verifyToken,
        )
      : null;
    if (answer === null) throw new DomainError('forbidden', 'Verification refused');
    return answer;
  }

  /** X's CRC: `{response_token}`, or 400 without `crc_token`. */
  xCrc(crcToken: unknown): { response_token: string } {
    const secret = this.config.twitter.consumerSecret;
    if (!secret) throw new DomainError('unavailable', 'TWITTER_CONSUMER_SECRET is not set');
    if (typeof crcToken !== 'string' || crcToken.length === 0) {
      throw new DomainError('invalid', 'crc_token is required');
    }
    return { response_token: xCrcResponseToken(secret, crcToken) };
  }

  async receiveFacebook(rawBody: Buffer | undefined, headers: Headers): Promise<number> {
    const secret = this.config.facebook.appSecret;
    if (!secret) throw new DomainError('unavailable', 'FACEBOOK_APP_SECRET is not set');
    const body = rawBody ?? Buffer.alloc(0);
    this.verified(
      'facebook',
      checkFacebookSignature(body, secret, {
        sha256: single(headers['x-hub-signature-256']),
        sha1: single(headers['x-hub-signature']),
      }),
    );
    const payload = this.parse('facebook', body);
    return this.store('facebook', body, headers, facebookRecipients(payload));
  }

  async receiveX(rawBody: Buffer | undefined, headers: Headers): Promise<number> {
    const secret = this.config.twitter.consumerSecret;
    if (!secret) throw new DomainError('unavailable', 'TWITTER_CONSUMER_SECRET is not set');
    const body = rawBody ?? Buffer.alloc(0);
    this.verified('twitter', checkXSignature(body, secret, single(headers['x-twitter-webhooks-signature'])));
    const payload = this.parse('twitter', body);
    const account = xRecipient(payload);
    const stored = await this.store('twitter', body, headers, [account]);
    if (account && isXRevoke(payload)) await this.revoked(account);
    return stored;
  }

  private verified(platform: Platform, check: SignatureCheck): void {
    if (check === 'valid') return;
    this.deliveries.inc({ platform, outcome: 'unauthorized' });
    throw new DomainError(
      'unauthorized',
      check === 'missing' ? 'Signature missing' : 'Signature does not match',
    );
  }

  private parse(platform: Platform, body: Buffer): unknown {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      this.deliveries.inc({ platform, outcome: 'malformed' });
      throw new DomainError('invalid', 'Request body is not valid JSON');
    }
  }

  /**
   * One stored delivery per recipient (a batched Facebook delivery names several pages): each with
   * its channel's organisation, or unroutable. Resolves once every one is committed.
   */
  private async store(
    platform: Platform,
    body: Buffer,
    headers: Headers,
    recipients: (string | null)[],
  ): Promise<number> {
    const kept = keptHeaders(headers);
    try {
      await Promise.all(
        recipients.map(async (externalId) => {
          const channel = externalId ? await this.channels.findForRouting(platform, externalId) : null;
          const routed = channel?.active ? channel : null;
          const result = await this.intake.receive({
            platform,
            source: 'webhook',
            organisationId: routed?.organisationId ?? null,
            channelId: routed?.id ?? null,
            channelExternalId: externalId,
            rawBody: body,
            headers: kept,
          });
          if (!routed) {
            const why = channel ? 'its channel is switched off' : 'no channel has this id';
            this.logger.warn(
              `Unroutable ${platform} delivery ${result.deliveryId} for ${externalId ?? '(no id)'}: ${why}`,
            );
          }
          this.deliveries.inc({
            platform,
            outcome: !routed ? 'unroutable' : result.duplicate ? 'duplicate' : 'stored',
          });
        }),
      );
    } catch (error) {
      this.deliveries.inc({ platform, outcome: 'failed' });
      this.logger.error(
        `${platform} delivery not stored: ${error instanceof Error ? error.message : String(error)}`,
      );
      // Not stored, so not acknowledged: the platform will send it again.
      throw new DomainError('unavailable', 'The delivery could not be stored; send it again', 5);
    }
    return recipients.length;
  }

  private async revoked(account: string): Promise<void> {
    try {
      const channel = await this.channels.findForRouting('twitter', account);
      if (channel) await this.health.markRevoked(channel);
    } catch (error) {
      this.logger.error(`Revocation of X account ${account} not recorded: ${(error as Error).message}`);
    }
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = single(headers[name]);
    if (value !== undefined) kept[name] = value.slice(0, 500);
  }
  return kept;
}
