import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string | null;
  messageId: string;
  headers?: Record<string, string>;
}

/** The SMTP server (SMTP_URL): the one place that knows how mail leaves. Unset: nothing is sent. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
    }
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Hands the message to the SMTP server; rejects with nodemailer's error (`responseCode` when the server refused). */
  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html && { html: mail.html }),
      messageId: mail.messageId,
      headers: mail.headers,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** The domain of the sender address, for Message-IDs (`e-guichet <no-reply@x.fr>` → `x.fr`). */
export function mailDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? 'e-guichet.local';
}
