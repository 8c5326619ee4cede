import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { MailService, SEND_MAIL } from '../../src/mail/mail.service.js';
import { OutboxMail } from '../../src/mail/outbox-mail.entity.js';
import { SmtpCapture } from '../fakes/smtp-capture.js';
import { eventually } from '../support/channel-factories.js';
import { createOrganisation } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const MAIL = {
  to: ['Voirie@Commune.example', 'voirie@commune.example', 'dgs@commune.example'],
  subject: 'Demande EG-2026-000042 : nid-de-poule',
  text: 'Bonjour,\n\nUn habitant signale un nid-de-poule route de Brézé.\n',
  html: '<p>Bonjour,</p><p>Un habitant signale un nid-de-poule route de Brézé.</p>',
};

describe('mail outbox', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let mail: MailService;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'e-guichet <no-reply@valdorme.example>' });
    mail = t.app.get(MailService);
  });
  beforeEach(async () => {
    await t.reset();
    smtp.reset();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const row = (id: string) => t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id });
  const sent = (id: string) =>
    eventually(async () => (await row(id)).status === 'sent' && row(id), 'mail sent');

  it('sends a queued mail once, with its fixed Message-ID, from MAIL_FROM', async () => {
    const organisation = await createOrganisation(t.dataSource);
    const queued = await mail.queue(organisation.id, MAIL, 'forward:1');
    expect(queued).toMatchObject({
      duplicate: false,
      messageId: expect.stringMatching(/^<[0-9a-f-]{36}@valdorme\.example>$/),
    });
    const [message] = await smtp.waitForMessages(1);
    expect(message.envelopeTo.sort()).toEqual(['dgs@commune.example', 'voirie@commune.example']);
    expect(message.parsed.subject).toBe(MAIL.subject);
    expect(message.parsed.text).toContain('route de Brézé');
    expect(message.parsed.html).toContain('<p>Bonjour,</p>');
    expect(message.parsed.messageId).toBe(queued.messageId);
    expect(message.parsed.from?.value[0].address).toBe('no-reply@valdorme.example');
    const stored = await sent(queued.id);
    expect(stored).toMatchObject({ attempts: 1, error: null, messageId: queued.messageId });
    expect(stored.sentAt).toBeInstanceOf(Date);
  });

  it('queues the same dedupe key once per organisation', async () => {
    const organisation = await createOrganisation(t.dataSource);
    const other = await createOrganisation(t.dataSource);
    const first = await mail.queue(organisation.id, MAIL, 'channel-broken:1');
    const again = await mail.queue(organisation.id, { ...MAIL, subject: 'Autre' }, 'channel-broken:1');
    expect(again).toEqual({ id: first.id, messageId: first.messageId, duplicate: true });
    await mail.queue(other.id, MAIL, 'channel-broken:1');
    await smtp.waitForMessages(2);
    await sent(first.id);
    expect(await t.dataSource.getRepository(OutboxMail).count()).toBe(2);
    expect(smtp.messages).toHaveLength(2);
  });

  it('queues inside the caller’s transaction: a rollback leaves no mail', async () => {
    const organisation = await createOrganisation(t.dataSource);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await mail.queue(organisation.id, { ...MAIL, subject: 'Annulé' }, 'rolled-back', manager);
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow('the change');
    const kept = await mail.queue(organisation.id, MAIL, 'kept');
    await sent(kept.id);
    expect(await t.dataSource.getRepository(OutboxMail).count()).toBe(1);
    expect(smtp.messages.map((message) => message.parsed.subject)).toEqual([MAIL.subject]);
  });

  it('retries a temporary SMTP failure and sends once', async () => {
    const organisation = await createOrganisation(t.dataSource);
    smtp.failNext = 1;
    const queued = await mail.queue(organisation.id, MAIL, 'retry');
    const stored = await eventually(
      async () => (await row(queued.id)).status === 'sent' && row(queued.id),
      'retry',
      30_000,
    );
    expect(stored.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
  });

  it('marks a permanently refused mail failed, without retrying', async () => {
    const organisation = await createOrganisation(t.dataSource);
    smtp.rejectAll = true;
    const queued = await mail.queue(organisation.id, MAIL, 'refused');
    const failed = await eventually(
      async () => (await row(queued.id)).status === 'failed' && row(queued.id),
      'failed',
    );
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/550|Mailbox unavailable/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('never sends a sent mail again, even when its job runs again', async () => {
    const organisation = await createOrganisation(t.dataSource);
    const queued = await mail.queue(organisation.id, MAIL, 'twice');
    await sent(queued.id);
    const jobs = t.app.get(JobsService);
    const again = await jobs.send(SEND_MAIL, { mailId: queued.id });
    await eventually(async () => {
      const [job] = await t.dataSource.query<{ state: string }[]>(
        'SELECT state FROM pgboss.job WHERE id = $1',
        [again],
      );
      return job?.state === 'completed';
    }, 'second job');
    expect(smtp.messages).toHaveLength(1);
    expect((await row(queued.id)).attempts).toBe(1);
  });
});

describe('mail outbox without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keeps mails in the outbox as held', async () => {
    const organisation = await createOrganisation(t.dataSource);
    const queued = await t.app.get(MailService).queue(organisation.id, MAIL, 'held');
    const stored = await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: queued.id });
    expect(stored).toMatchObject({ status: 'held', attempts: 0, subject: MAIL.subject });
    expect(stored.to).toEqual(['voirie@commune.example', 'dgs@commune.example']);
  });
});
