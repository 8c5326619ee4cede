// Written by `npm run migration:generate`: every migration, oldest first.
import { FrenchSearch1795373300000 } from './1795373300000-FrenchSearch.js';
import { Foundation1795373326697 } from './1795373326697-Foundation.js';
import { Deliveries1795373569361 } from './1795373569361-Deliveries.js';
import { ChannelsAndMail1795374698195 } from './1795374698195-ChannelsAndMail.js';
import { Classification1795374900684 } from './1795374900684-Classification.js';
import { IntakeTickets1795374930223 } from './1795374930223-IntakeTickets.js';
import { TicketContactIndex1795378327610 } from './1795378327610-TicketContactIndex.js';
import { DeliveryWaitingIndex1795379445141 } from './1795379445141-DeliveryWaitingIndex.js';

export const migrations = [
  FrenchSearch1795373300000,
  Foundation1795373326697,
  Deliveries1795373569361,
  ChannelsAndMail1795374698195,
  Classification1795374900684,
  IntakeTickets1795374930223,
  TicketContactIndex1795378327610,
  DeliveryWaitingIndex1795379445141,
];
