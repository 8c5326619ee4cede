import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './classification-decision.util.js';
import { ClassificationSettings } from './classification-settings.entity.js';
import type { SettingsView, UpdateSettingsDto } from './dto/classification-settings.dto.js';

const REFRESH_MS = 5_000;

/** An organisation's review thresholds (defaults until an admin sets them). */
@Injectable()
export class ClassificationSettingsService {
  private readonly cache = new Map<string, { at: number; thresholds: Thresholds }>();

  constructor(
    @InjectRepository(ClassificationSettings) private readonly settings: Repository<ClassificationSettings>,
    private readonly audit: AuditService,
  ) {}

  async thresholds(organisationId: string): Promise<Thresholds> {
    const cached = this.cache.get(organisationId);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.thresholds;
    const row = await this.settings.findOneBy({ organisationId });
    const thresholds = row
      ? { department: row.departmentThreshold, intent: row.intentThreshold }
      : { ...DEFAULT_THRESHOLDS };
    this.cache.set(organisationId, { at: Date.now(), thresholds });
    return thresholds;
  }

  async get(organisationId: string): Promise<SettingsView> {
    const thresholds = await this.thresholds(organisationId);
    return {
      departmentThreshold: thresholds.department,
      intentThreshold: thresholds.intent,
      defaults: {
        departmentThreshold: DEFAULT_THRESHOLDS.department,
        intentThreshold: DEFAULT_THRESHOLDS.intent,
      },
    };
  }

  async update(organisationId: string, actorId: string, input: UpdateSettingsDto): Promise<SettingsView> {
    const current = await this.thresholds(organisationId);
    const next = {
      organisationId,
      departmentThreshold: input.departmentThreshold ?? current.department,
      intentThreshold: input.intentThreshold ?? current.intent,
      updatedBy: actorId,
    };
    await this.settings.manager.transaction(async (manager) => {
      await manager.getRepository(ClassificationSettings).upsert(next, ['organisationId']);
      await this.audit.record(
        organisationId,
        {
          actorId,
          action: 'classification.settings.update',
          targetType: 'classification-settings',
          targetId: organisationId,
          details: { departmentThreshold: next.departmentThreshold, intentThreshold: next.intentThreshold },
        },
        manager,
      );
    });
    this.cache.delete(organisationId);
    return this.get(organisationId);
  }
}
