import { AuditEntry } from './audit/audit-entry.entity.js';
import { Channel } from './channels/channel.entity.js';
import { LoginThrottle } from './auth/login-throttle.entity.js';
import { RefreshToken } from './auth/refresh-token.entity.js';
import { ClassificationCorrection } from './classification/classification-correction.entity.js';
import { ClassificationModel } from './classification/classification-model.entity.js';
import { ClassificationSettings } from './classification/classification-settings.entity.js';
import { Department } from './departments/department.entity.js';
import { Delivery } from './intake/delivery.entity.js';
import { OutboxMail } from './mail/outbox-mail.entity.js';
import { Organisation } from './organisations/organisation.entity.js';
import { Contact } from './tickets/contact.entity.js';
import { Message } from './tickets/message.entity.js';
import { TicketCounter } from './tickets/ticket-counter.entity.js';
import { Ticket } from './tickets/ticket.entity.js';
import { User } from './users/user.entity.js';

/** Every entity of the service: the data source, migration generation and checks read this list. */
export const entities = [
  Organisation,
  Department,
  User,
  RefreshToken,
  LoginThrottle,
  AuditEntry,
  Delivery,
  Channel,
  OutboxMail,
  ClassificationModel,
  ClassificationCorrection,
  ClassificationSettings,
  Contact,
  Ticket,
  Message,
  TicketCounter,
];
