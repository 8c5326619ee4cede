import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { IntakeService } from '../../intake/intake.service.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { Channel } from '../channel.entity.js';
import { ChannelHealthService } from '../channel-health.service.js';
import { PlatformError } from '../platform-error.js';
import { xWaitSeconds } from './x-errors.util.js';
import { XClient } from './x.client.js';

export const POLL_MENTIONS = 'channels.poll-mentions';
/** X serves at most the 800 most recent mentions, 100 a page. */
const MAX_PAGES = 8;
/** Longer than a poll can take (8 pages, 10 s timeout each). */
const POLL_LEASE_SECONDS = 90;

export interface PollResult {
  pages: number;
  advancedTo: string | null;
}

/**
 * X mentions by polling (TWITTER_POLL_SECONDS), for accounts without webhooks: every N seconds each
 * instance offers one job per account and time slot, and pg-boss keeps only one per slot across
 * instances. A poll reads every page newer than `lastPolledId`, hands each page to intake as it came
 * (source `poll`; intake's dedupe makes a webhook and a poll one message), and moves `lastPolledId`
 * only once all pages are stored. A first poll reads the newest page only, not the backlog.
 */
@Injectable()
export class MentionsPollService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MentionsPollService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    private readonly health: ChannelHealthService,
    private readonly x: XClient,
    private readonly intake: IntakeService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const seconds = this.config.twitter.pollSeconds;
    if (!seconds) return;
    await this.jobs.work<{ organisationId: string; channelId: string }>(
      POLL_MENTIONS,
      async (jobs) => {
        for (const job of jobs) await this.poll(job.data.organisationId, job.data.channelId);
      },
      { retryLimit: 0, expireInSeconds: Math.max(120, seconds * 4), concurrency: 2 },
    );
    this.timer = setInterval(() => void this.offerPolls(seconds), seconds * 1000);
    this.timer.unref();
    void this.offerPolls(seconds);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async offerPolls(seconds: number): Promise<void> {
    try {
      const accounts = await this.channels.find({
        select: { id: true, organisationId: true },
        where: { platform: 'twitter', active: true, status: Not('broken') },
      });
      for (const account of accounts) {
        await this.jobs.send(
          POLL_MENTIONS,
          { organisationId: account.organisationId, channelId: account.id },
          { singletonKey: account.id, singletonSeconds: seconds },
        );
      }
    } catch (error) {
      this.logger.warn(`Mentions polls not offered: ${(error as Error).message}`);
    }
  }

  /** One poll of one account. */
  async poll(organisationId: string, channelId: string): Promise<PollResult> {
    const channel = await this.claim(organisationId, channelId);
    if (!channel) return { pages: 0, advancedTo: null };
    let resumeAt: Date | null = null;
    try {
      const sinceId = channel.lastPolledId;
      let newest: string | undefined;
      let paginationToken: string | undefined;
      let pages = 0;
      do {
        let page;
        try {
          page = await this.health.use(channel, (credentials) =>
            this.x.mentions(credentials, channel.externalId, { sinceId, paginationToken }),
          );
        } catch (error) {
          if (error instanceof PlatformError && error.retryAfterSeconds)
            resumeAt = this.later(channel, error.retryAfterSeconds);
          if (!(error instanceof PlatformError) || !error.tokenRefused) {
            this.logger.warn(`Mentions of ${channel.externalId} not polled: ${(error as Error).message}`);
          }
          return { pages, advancedTo: null };
        }
        pages += 1;
        const meta = page.body.meta;
        if ((meta?.result_count ?? page.body.data?.length ?? 0) > 0) {
          await this.intake.receive({
            platform: 'twitter',
            source: 'poll',
            organisationId: channel.organisationId,
            channelId: channel.id,
            channelExternalId: channel.externalId,
            rawBody: page.rawBody,
            headers: {},
          });
        }
        newest ??= meta?.newest_id;
        paginationToken = meta?.next_token;
        const wait = xWaitSeconds(page.rateLimit, Math.floor(Date.now() / 1000), false);
        if (wait !== undefined) {
          resumeAt = this.later(channel, wait);
          // More pages wait for the next window; the pages read are stored, the cursor stays.
          if (paginationToken && sinceId) return { pages, advancedTo: null };
        }
      } while (paginationToken && sinceId && pages < MAX_PAGES);
      if (!newest) return { pages, advancedTo: null };
      await this.advance(channel, newest);
      return { pages, advancedTo: newest };
    } finally {
      await this.channels.update(
        { id: channel.id, organisationId: channel.organisationId },
        { pollNotBefore: resumeAt },
      );
    }
  }

  /**
   * Takes the account for one poll: `pollNotBefore` is both the platform's "wait until" and a lease,
   * so two polls of one account never overlap (across instances too) and a crashed poll frees it.
   */
  private async claim(organisationId: string, channelId: string): Promise<Channel | undefined> {
    const [rows] = await this.channels.query<[Record<string, unknown>[], number]>(
      `UPDATE channel SET poll_not_before = now() + $3 * interval '1 second'
        WHERE id = $1 AND organisation_id = $2 AND platform = 'twitter' AND active AND status <> 'broken'
          AND (poll_not_before IS NULL OR poll_not_before <= now())
        RETURNING id`,
      [channelId, organisationId, POLL_LEASE_SECONDS],
    );
    if (rows.length === 0) return undefined;
    return this.channels.findOneByOrFail({ organisationId, id: channelId });
  }

  private later(channel: Channel, seconds: number): Date {
    this.logger.warn(`Mentions of ${channel.externalId}: X asks to wait ${seconds} s`);
    return new Date(Date.now() + seconds * 1000);
  }

  /** Moves the cursor forward only (two overlapping polls never move it back). */
  private async advance(channel: Channel, newest: string): Promise<void> {
    await this.channels.query(
      `UPDATE channel SET last_polled_id = $3, updated_at = now()
        WHERE id = $1 AND organisation_id = $2
          AND (last_polled_id IS NULL OR length(last_polled_id) < length($3)
               OR (length(last_polled_id) = length($3) AND last_polled_id < $3))`,
      [channel.id, channel.organisationId, newest],
    );
  }
}
