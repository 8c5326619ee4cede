import { describe, expect, it } from '@jest/globals';
import { brokenChannelMail, tokenRefusedAlert, unsubscribedAlert } from './channel-alerts.util.js';

describe('channel alerts', () => {
  it('says which platform refused which token, and what to do', () => {
    expect(tokenRefusedAlert('facebook', { code: 190, status: 400 })).toBe(
      'Facebook a refusé le jeton d’accès de la page (code 190) : les messages ne sont plus lus et les réponses ne partent plus. Renseignez un nouveau jeton.',
    );
    expect(tokenRefusedAlert('twitter', { code: 'about:blank', status: 401 })).toMatch(
      /^X a refusé le jeton d’accès du compte \(HTTP 401\) :/,
    );
    expect(tokenRefusedAlert('twitter')).toMatch(/^X a refusé le jeton d’accès du compte :/);
  });

  it('dates an unsubscription in Paris time and names a failed re-subscription', () => {
    const at = new Date('2026-03-01T23:30:00Z');
    expect(unsubscribedAlert(at, null)).toContain('constaté le 2 mars 2026 à 00:30');
    expect(unsubscribedAlert(at, '(#200) Permissions error')).toMatch(
      /Le réabonnement a échoué \(\(#200\) Permissions error\)/,
    );
  });

  it('writes the admins’ email in French with the channel and the remedy', () => {
    const mail = brokenChannelMail({
      platform: 'facebook',
      channelName: 'Mairie de Tiercé',
      channelId: '6f1c1e0e-6b0e-4a51-9d7e-2b7f3c1d2e3f',
      alert: tokenRefusedAlert('facebook', { code: 190 }),
      publicUrl: 'https://eguichet.example',
    });
    expect(mail.subject).toBe('[e-guichet] Facebook : « Mairie de Tiercé » est déconnecté');
    expect(mail.text).toContain('la page Facebook « Mairie de Tiercé »');
    expect(mail.text).toContain('https://eguichet.example/api/channels/6f1c1e0e-6b0e-4a51-9d7e-2b7f3c1d2e3f');
    expect(mail.text).toContain('Vous ne recevrez pas d’autre courriel pour cette interruption.');
  });
});
