import { Injectable } from '@nestjs/common';
import type { Place } from './classification.types.js';

/** Communes of the organisation's territory and road references found in a message. */
@Injectable()
export class PlacesService {
  async find(_organisationId: string, _text: string, _context?: string): Promise<Place[]> {
    return [];
  }
}
