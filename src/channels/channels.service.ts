import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { SecretBox } from '../common/secret-box.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Platform } from '../intake/incoming-delivery.js';
import { Channel } from './channel.entity.js';
import { ChannelAlertItemView, ChannelView, CreateChannelDto, UpdateChannelDto } from './dto/channel.dto.js';

/** What a webhook needs to route a delivery. */
export interface RoutedChannel {
  id: string;
  organisationId: string;
  active: boolean;
}

export interface ChannelCredentials {
  accessToken: string;
  accessSecret: string | null;
}

/** Webhooks look channels up on every delivery: a short cache keeps that off the database. */
const ROUTING_CACHE_MS = 10_000;

@Injectable()
export class ChannelsService {
  private readonly logger = new Logger(ChannelsService.name);
  private readonly box: SecretBox;
  private readonly routing = new Map<string, { channel: RoutedChannel; until: number }>();

  constructor(
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.encryptionKey);
  }

  async list(organisationId: string): Promise<ChannelView[]> {
    const rows = await this.channels.find({ where: { organisationId }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async get(organisationId: string, id: string): Promise<ChannelView> {
    return toView(await this.find(organisationId, id));
  }

  async find(organisationId: string, id: string): Promise<Channel> {
    const channel = await this.channels.findOneBy({ organisationId, id });
    if (!channel) throw notFound('Channel');
    return channel;
  }

  async create(
    organisationId: string,
    actorId: string | null,
    input: CreateChannelDto,
  ): Promise<ChannelView> {
    if (input.accessSecret && input.platform !== 'twitter') {
      throw new DomainError('invalid', 'accessSecret is only for X accounts (OAuth 1.0a)');
    }
    try {
      return await this.channels.manager.transaction(async (manager) => {
        const channel = await manager.getRepository(Channel).save({
          organisationId,
          platform: input.platform,
          externalId: input.externalId,
          name: input.name.trim(),
          ...this.sealed(input.accessToken, input.accessSecret ?? null),
        });
        await this.audit.record(
          organisationId,
          {
            actorId,
            action: 'channel.create',
            targetType: 'channel',
            targetId: channel.id,
            details: { platform: channel.platform, externalId: channel.externalId },
          },
          manager,
        );
        return toView(channel);
      });
    } catch (error) {
      // Unique across the deployment: the same page cannot feed two organisations.
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'This page or account is already connected');
      throw error;
    }
  }

  async update(
    organisationId: string,
    actorId: string | null,
    id: string,
    input: UpdateChannelDto,
  ): Promise<ChannelView> {
    const view = await this.channels.manager.transaction(async (manager) => {
      const repository = manager.getRepository(Channel);
      const channel = await repository.findOneBy({ organisationId, id });
      if (!channel) throw notFound('Channel');
      if (input.accessSecret && channel.platform !== 'twitter') {
        throw new DomainError('invalid', 'accessSecret is only for X accounts (OAuth 1.0a)');
      }
      const tokenChanged = input.accessToken !== undefined || input.accessSecret !== undefined;
      if (tokenChanged) {
        const token = input.accessToken ?? this.open(channel.accessToken);
        if (!token) throw new DomainError('invalid', 'accessToken is required');
        const secret =
          input.accessSecret === undefined ? this.open(channel.accessSecret) : input.accessSecret || null;
        Object.assign(channel, this.sealed(token, secret));
        // A new token is the remedy of a broken channel; the next check or call says whether it works.
        if (channel.status === 'broken')
          Object.assign(channel, { status: 'active', alert: null, alertedAt: null });
      }
      if (input.name !== undefined) channel.name = input.name.trim();
      if (input.active !== undefined) channel.active = input.active;
      await repository.save(channel);
      await this.audit.record(
        organisationId,
        {
          actorId,
          action: 'channel.update',
          targetType: 'channel',
          targetId: channel.id,
          details: { fields: Object.keys(input) },
        },
        manager,
      );
      return toView(channel);
    });
    this.forget(view.platform, view.externalId);
    return view;
  }

  /** Channels with something for the admin to do, newest first. */
  async alerts(organisationId: string): Promise<ChannelAlertItemView[]> {
    const rows = await this.channels
      .createQueryBuilder('channel')
      .where('channel.organisation_id = :organisationId', { organisationId })
      .andWhere('channel.alert IS NOT NULL')
      .orderBy('channel.alerted_at', 'DESC')
      .getMany();
    return rows.map((channel) => ({
      channelId: channel.id,
      platform: channel.platform,
      name: channel.name,
      status: channel.status,
      text: channel.alert!,
      at: channel.alertedAt ?? channel.updatedAt,
    }));
  }

  /**
   * The page and account of the environment (FACEBOOK_PAGE_ID/TOKEN, TWITTER_USER_ID/ACCESS_TOKEN
   * and ACCESS_SECRET) become channels of `organisationId`; run at every start, so a token changed in
   * the environment replaces the stored one. A page already connected to another organisation is
   * left alone.
   */
  async ensureFromEnvironment(organisationId: string): Promise<void> {
    const config = this.config;
    const wanted: {
      platform: Platform;
      externalId?: string;
      token?: string;
      secret?: string;
      name: string;
    }[] = [
      {
        platform: 'facebook',
        externalId: config.facebook.pageId,
        token: config.facebook.pageToken,
        name: 'Page Facebook',
      },
      {
        platform: 'twitter',
        externalId: config.twitter.userId,
        token: config.twitter.accessToken,
        secret: config.twitter.accessSecret,
        name: 'Compte X',
      },
    ];
    for (const channel of wanted) {
      if (!channel.externalId || !channel.token) continue;
      const existing = await this.channels.findOneBy({
        platform: channel.platform,
        externalId: channel.externalId,
      });
      if (!existing) {
        try {
          await this.create(organisationId, null, {
            platform: channel.platform,
            externalId: channel.externalId,
            name: channel.name,
            accessToken: channel.token,
            accessSecret: channel.secret,
          });
          this.logger.log(`Channel ${channel.platform} ${channel.externalId} created from the environment`);
        } catch (error) {
          // Another instance starting at the same moment made it.
          if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
        }
        continue;
      }
      if (existing.organisationId !== organisationId) {
        this.logger.warn(
          `${channel.platform} ${channel.externalId} belongs to another organisation: left alone`,
        );
        continue;
      }
      const sameToken = this.open(existing.accessToken) === channel.token;
      const sameSecret = (this.open(existing.accessSecret) ?? undefined) === channel.secret;
      if (!sameToken || !sameSecret) {
        await this.update(organisationId, null, existing.id, {
          accessToken: channel.token,
          accessSecret: channel.secret ?? null,
        });
        this.logger.log(
          `Channel ${channel.platform} ${channel.externalId}: token replaced from the environment`,
        );
      }
    }
  }

  /**
   * The channel a delivery for this page or account goes to, across organisations (the platform
   * names the page, not the tenant). Null when none.
   */
  async findForRouting(platform: Platform, externalId: string): Promise<RoutedChannel | null> {
    const key = `${platform}:${externalId}`;
    const cached = this.routing.get(key);
    if (cached && cached.until > Date.now()) return cached.channel;
    const row = await this.channels.findOne({
      select: { id: true, organisationId: true, active: true },
      where: { platform, externalId },
    });
    if (!row) {
      this.routing.delete(key);
      return null;
    }
    const channel = { id: row.id, organisationId: row.organisationId, active: row.active };
    if (this.routing.size > 10_000) this.routing.clear();
    this.routing.set(key, { channel, until: Date.now() + ROUTING_CACHE_MS });
    return channel;
  }

  /** The channel's tokens in clear, for a platform client; never to be logged or returned. */
  credentials(channel: Channel): ChannelCredentials {
    const accessToken = this.open(channel.accessToken);
    if (!accessToken) throw new DomainError('invalid', `Channel ${channel.id} has no access token`);
    return { accessToken, accessSecret: this.open(channel.accessSecret) };
  }

  private sealed(token: string, secret: string | null) {
    return {
      accessToken: this.box.seal(token),
      accessSecret: secret ? this.box.seal(secret) : null,
      secretKeyId: this.box.keyId,
    };
  }

  private open(sealed: string | null): string | null {
    return sealed ? this.box.open(sealed) : null;
  }

  private forget(platform: Platform, externalId: string): void {
    this.routing.delete(`${platform}:${externalId}`);
  }
}

export function toView(channel: Channel): ChannelView {
  return {
    id: channel.id,
    platform: channel.platform,
    externalId: channel.externalId,
    name: channel.name,
    status: channel.status,
    active: channel.active,
    alert: channel.alert ? { text: channel.alert, at: channel.alertedAt ?? channel.updatedAt } : null,
    hasAccessToken: channel.accessToken !== null,
    hasAccessSecret: channel.accessSecret !== null,
    lastPolledId: channel.lastPolledId,
    checkedAt: channel.checkedAt,
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}
