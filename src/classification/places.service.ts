import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Repository } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import type { Place } from './classification.types.js';
import { buildCommuneIndex, findPlaces, type CommuneIndex, type CommuneRecord } from './places.util.js';

const REFRESH_MS = 30_000;

let communes: CommuneRecord[] | undefined;

/** Etalab's official list of communes (current, délégués, associated), read once. */
export function officialCommunes(): CommuneRecord[] {
  if (!communes) {
    const file = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as CommuneRecord[];
    communes = all.map(({ code, nom, type, departement, chefLieu }) => ({
      code,
      nom,
      type,
      departement,
      chefLieu,
    }));
  }
  return communes;
}

/** Communes of the organisation's territory (its départements) and road references in a message. */
@Injectable()
export class PlacesService {
  private readonly indexes = new Map<string, CommuneIndex>();
  private readonly territories = new Map<string, { at: number; key: string }>();

  constructor(@InjectRepository(Organisation) private readonly organisations: Repository<Organisation>) {}

  async find(organisationId: string, text: string, context?: string): Promise<Place[]> {
    return findPlaces(text, context, await this.index(organisationId));
  }

  private async index(organisationId: string): Promise<CommuneIndex | null> {
    let territory = this.territories.get(organisationId);
    if (!territory || Date.now() - territory.at > REFRESH_MS) {
      const organisation = await this.organisations.findOne({
        select: { id: true, territory: true },
        where: { id: organisationId },
      });
      territory = { at: Date.now(), key: [...(organisation?.territory ?? [])].sort().join(',') };
      this.territories.set(organisationId, territory);
    }
    if (!territory.key) return null;
    let index = this.indexes.get(territory.key);
    if (!index) {
      index = buildCommuneIndex(officialCommunes(), territory.key.split(','));
      this.indexes.set(territory.key, index);
    }
    return index;
  }
}
