import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  sendDelivery,
  signedFacebookDelivery,
  signedXDelivery,
  type FeedComment,
} from '../../test/fakes/platform-senders.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DEMO_X_ACCOUNT } from './demo-platforms.js';
import { commentOf, type DemoMessage, demoMessage, type DemoSample } from './demo-messages.util.js';
import { loadDemoSamples } from './demo-samples.js';

export interface DemoTrafficOptions {
  /** Mean pause between two messages; each pause is drawn between half and one and a half of it. */
  everyMs?: number;
  random?: () => number;
  samples?: DemoSample[];
}

/**
 * In demo mode, the played page and account receive a French message every few seconds (texts of
 * the classification training data, varied residents), sent signed through the service's own
 * webhooks, so the inbox fills on its own. Only main.ts starts it, and only in demo mode.
 */
@Injectable()
export class DemoTrafficService implements OnModuleDestroy {
  private readonly logger = new Logger(DemoTrafficService.name);
  private timer?: NodeJS.Timeout;
  private samples: DemoSample[] = [];
  private random: () => number = Math.random;
  private readonly comments: FeedComment[] = [];
  private baseUrl?: string;
  sent = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts sending to the service listening at `baseUrl` (e.g. `http://127.0.0.1:3000`). */
  start(baseUrl: string, options: DemoTrafficOptions = {}): void {
    this.baseUrl = baseUrl;
    this.random = options.random ?? Math.random;
    this.samples = options.samples ?? loadDemoSamples();
    if (this.samples.length === 0) {
      this.logger.warn('No training data found: the demo sends no messages');
      return;
    }
    const every = options.everyMs ?? 5000;
    const next = () => {
      this.timer = setTimeout(
        () => {
          void this.sendOne().finally(() => this.timer && next());
        },
        every * (0.5 + this.random()),
      );
      this.timer.unref();
    };
    next();
    this.logger.log(
      `Demo traffic: a message every ${Math.round(every / 1000)} s or so, from ${this.samples.length} texts`,
    );
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Builds and sends one message; what the webhook answered. */
  async sendOne(): Promise<{ message: DemoMessage; status: number } | undefined> {
    if (!this.baseUrl || this.samples.length === 0) return undefined;
    const { facebook, twitter } = this.config;
    const sample = this.samples[Math.floor(this.random() * this.samples.length)];
    const canFacebook = !!(facebook.pageId && facebook.appSecret);
    const canX = !!(twitter.userId && twitter.consumerSecret);
    if (!canFacebook && !canX) return undefined;
    const platform = !canX ? 'facebook' : !canFacebook ? 'twitter' : sample.platform;
    const message = demoMessage(
      { ...sample, ...(platform && { platform }) },
      { pageId: facebook.pageId ?? '', xUserId: twitter.userId ?? '', xUsername: DEMO_X_ACCOUNT.username },
      this.random,
      this.comments,
    );
    const delivery =
      message.platform === 'facebook'
        ? signedFacebookDelivery(message.payload, facebook.appSecret!)
        : signedXDelivery(message.payload, twitter.consumerSecret!);
    try {
      const { status } = await sendDelivery(this.baseUrl, delivery);
      if (status !== 200) this.logger.warn(`Demo ${message.kind} answered ${status}`);
      const comment = commentOf(message);
      if (comment) {
        this.comments.push(comment);
        if (this.comments.length > 20) this.comments.shift();
      }
      this.sent += 1;
      return { message, status };
    } catch (error) {
      this.logger.warn(`Demo message not sent: ${(error as Error).message}`);
      return undefined;
    }
  }
}
