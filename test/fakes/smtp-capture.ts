/**
 * An SMTP server on loopback that keeps every message it accepts, parsed (smtp-server + mailparser).
 * Point SMTP_URL at `capture.url`. No test framework here.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** RCPT TO addresses of the envelope. */
  envelopeTo: string[];
  envelopeFrom: string | undefined;
  parsed: ParsedMail;
  raw: string;
}

export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  /** Refuse the next `n` messages with a temporary error (451), to exercise retries. */
  failNext = 0;
  /** Refuse every message with a permanent error (550). */
  rejectAll = false;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<SmtpCapture> {
    const holder: { capture?: SmtpCapture } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const capture = holder.capture!;
          if (capture.rejectAll) {
            callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
            return;
          }
          if (capture.failNext > 0) {
            capture.failNext -= 1;
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              capture.messages.push({
                envelopeTo: session.envelope.rcptTo.map((to) => to.address),
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
                parsed,
                raw,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    holder.capture = new SmtpCapture(server, port);
    return holder.capture;
  }

  /** Resolves once `count` messages arrived, or rejects after `timeoutMs`. */
  async waitForMessages(count: number, timeoutMs = 10_000): Promise<CapturedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`SMTP capture: ${this.messages.length} of ${count} messages after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.messages.slice(0, count);
  }

  reset(): void {
    this.messages.length = 0;
    this.failNext = 0;
    this.rejectAll = false;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
