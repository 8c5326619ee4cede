import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobsService } from '../jobs/jobs.service.js';
import { MailService } from '../mail/mail.service.js';
import { User } from '../users/user.entity.js';
import {
  brokenChannelMail,
  otherAccountAlert,
  revokedAlert,
  tokenRefusedAlert,
  unsubscribedAlert,
} from './channel-alerts.util.js';
import { Channel } from './channel.entity.js';
import { ChannelCredentials, ChannelsService, toView } from './channels.service.js';
import type { ChannelView } from './dto/channel.dto.js';
import { GraphClient } from './facebook/graph.client.js';
import { PlatformError } from './platform-error.js';
import { XClient } from './twitter/x.client.js';

export const RECONCILE_CHANNELS = 'channels.reconcile';
/** Every day at 04:15, Paris time, once across instances. */
const RECONCILE_CRON = '15 4 * * *';

/**
 * Whether each channel still works: the daily check that every Facebook page still sends us its
 * events (an hour of failed deliveries makes Meta unsubscribe it), and what happens when a platform
 * refuses a token (the channel is `broken`, an alert shows in the API, the admins get one email).
 */
@Injectable()
export class ChannelHealthService implements OnModuleInit {
  private readonly logger = new Logger(ChannelHealthService.name);

  constructor(
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    private readonly channelsService: ChannelsService,
    private readonly graph: GraphClient,
    private readonly x: XClient,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work(RECONCILE_CHANNELS, () => this.reconcileAll(), {
      retryLimit: 2,
      expireInSeconds: 3600,
    });
    await this.jobs.schedule(RECONCILE_CHANNELS, RECONCILE_CRON);
  }

  /**
   * Calls a platform with the channel's credentials; a refused token marks the channel broken
   * (once) before the error goes on to the caller. Every use of a channel's token goes through here.
   */
  async use<T>(channel: Channel, call: (credentials: ChannelCredentials) => Promise<T>): Promise<T> {
    try {
      return await call(this.channelsService.credentials(channel));
    } catch (error) {
      if (error instanceof PlatformError && error.tokenRefused) {
        await this.markBroken(channel, tokenRefusedAlert(channel.platform, error));
      }
      throw error;
    }
  }

  /**
   * `broken` with an alert; only the call that makes the change queues the admins' email (in the
   * same transaction), so a thousand failures make one email.
   */
  async markBroken(channel: Pick<Channel, 'id' | 'organisationId'>, alert: string): Promise<boolean> {
    return this.channels.manager.transaction(async (manager) => {
      type Row = Pick<Channel, 'id' | 'organisationId' | 'platform' | 'name' | 'alertedAt'>;
      // An UPDATE answers [rows, count] through TypeORM.
      const [rows] = await manager.query<[Row[], number]>(
        `UPDATE channel SET status = 'broken', alert = $3, alerted_at = now(), updated_at = now()
          WHERE id = $1 AND organisation_id = $2 AND status <> 'broken'
          RETURNING id, organisation_id AS "organisationId", platform, name, alerted_at AS "alertedAt"`,
        [channel.id, channel.organisationId, alert],
      );
      const row = rows[0];
      if (!row) return false;
      this.logger.warn(`Channel ${row.platform} ${row.id} broken: ${alert}`);
      await this.tellAdmins(manager, row, alert);
      return true;
    });
  }

  async markRevoked(channel: Pick<Channel, 'id' | 'organisationId'>): Promise<boolean> {
    return this.markBroken(channel, revokedAlert());
  }

  /** An admin's "check now", and the daily check: subscription (Facebook) or identity (X). */
  async check(organisationId: string, channelId: string): Promise<ChannelView> {
    const channel = await this.channelsService.find(organisationId, channelId);
    try {
      await this.checkChannel(channel);
    } catch (error) {
      if (error instanceof PlatformError && !error.tokenRefused) {
        throw new DomainError('unavailable', `${error.message}`, error.retryAfterSeconds);
      }
      if (!(error instanceof PlatformError)) throw error;
    }
    return toView(await this.channelsService.find(organisationId, channelId));
  }

  /**
   * The daily job: every active channel, a Facebook page's subscription and an X account's identity
   * (a token revoked on a quiet account is found within a day, not at the next reply); one channel's
   * failure does not stop the others.
   */
  async reconcileAll(): Promise<void> {
    const channels = await this.channels.find({ where: { active: true } });
    for (const channel of channels) {
      try {
        await this.checkChannel(channel);
      } catch (error) {
        this.logger.warn(
          `Check of ${channel.platform} channel ${channel.externalId} failed: ${(error as Error).message}`,
        );
      }
    }
  }

  private async checkChannel(channel: Channel): Promise<void> {
    if (channel.platform === 'facebook') {
      await this.checkPage(channel);
    } else {
      const me = await this.use(channel, (credentials) => this.x.me(credentials));
      if (me.id !== channel.externalId) {
        await this.markBroken(channel, otherAccountAlert(me.username));
      } else if (channel.status !== 'active') {
        await this.restore(channel);
      }
    }
    await this.channels.update(
      { id: channel.id, organisationId: channel.organisationId },
      { checkedAt: new Date() },
    );
  }

  /** Still in `subscribed_apps`? If not: alert, re-subscribe, and clear the alert when that works. */
  private async checkPage(channel: Channel): Promise<void> {
    const apps = await this.use(channel, (credentials) =>
      this.graph.subscribedApps(credentials.accessToken, channel.externalId),
    );
    const appId = this.config.facebook.appId;
    const ours = appId ? apps.some((app) => app.id === appId) : apps.length > 0;
    if (ours) {
      if (channel.status !== 'active') await this.restore(channel);
      return;
    }
    const at = new Date();
    await this.setAlert(channel, 'unsubscribed', unsubscribedAlert(at, null));
    this.logger.warn(`Page ${channel.externalId} was unsubscribed: subscribing again`);
    let failure: string | null = null;
    try {
      const subscribed = await this.use(channel, (credentials) =>
        this.graph.subscribe(credentials.accessToken, channel.externalId),
      );
      if (!subscribed) failure = 'réponse négative de Facebook';
    } catch (error) {
      if (error instanceof PlatformError && error.tokenRefused) throw error;
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure) {
      await this.setAlert(channel, 'unsubscribed', unsubscribedAlert(at, failure));
    } else {
      await this.restore(channel);
      this.logger.log(`Page ${channel.externalId} subscribed again`);
    }
  }

  private async setAlert(channel: Channel, status: Channel['status'], alert: string): Promise<void> {
    // A broken channel stays broken: its alert (and the remedy it names) matters more.
    await this.channels
      .createQueryBuilder()
      .update()
      .set({ status, alert, alertedAt: () => 'now()' })
      .where('id = :id AND organisation_id = :organisationId AND status <> :broken', {
        id: channel.id,
        organisationId: channel.organisationId,
        broken: 'broken',
      })
      .execute();
  }

  private async restore(channel: Channel): Promise<void> {
    await this.channels.update(
      { id: channel.id, organisationId: channel.organisationId },
      { status: 'active', alert: null, alertedAt: null },
    );
  }

  private async tellAdmins(
    manager: EntityManager,
    channel: Pick<Channel, 'id' | 'organisationId' | 'platform' | 'name' | 'alertedAt'>,
    alert: string,
  ): Promise<void> {
    const admins = await manager.getRepository(User).find({
      select: { email: true },
      where: { organisationId: channel.organisationId, role: 'admin', active: true },
    });
    if (admins.length === 0) return;
    const mail = brokenChannelMail({
      platform: channel.platform,
      channelName: channel.name,
      channelId: channel.id,
      alert,
      publicUrl: this.config.publicUrl,
    });
    await this.mail.queue(
      channel.organisationId,
      { to: admins.map((admin) => admin.email), ...mail },
      `channel-broken:${channel.id}:${new Date(channel.alertedAt!).toISOString()}`,
      manager,
    );
  }
}
