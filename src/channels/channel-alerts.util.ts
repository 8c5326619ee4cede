import type { Platform } from '../intake/incoming-delivery.js';
import type { PlatformError } from './platform-error.js';

/** The platform's name as the admin knows it. */
export function platformName(platform: Platform): string {
  return platform === 'facebook' ? 'Facebook' : 'X';
}

/** « de la page », « du compte ». */
function ofChannel(platform: Platform): string {
  return platform === 'facebook' ? 'de la page' : 'du compte';
}

/** The alert of a channel whose token the platform refused (what happened, what to do). */
export function tokenRefusedAlert(
  platform: Platform,
  error?: Pick<PlatformError, 'code' | 'status'>,
): string {
  // Graph's numeric code says why; X's problem type does not, its HTTP status does.
  const detail =
    platform === 'facebook' && typeof error?.code === 'number'
      ? ` (code ${error.code})`
      : error?.status
        ? ` (HTTP ${error.status})`
        : '';
  return (
    `${platformName(platform)} a refusé le jeton d’accès ${ofChannel(platform)}${detail} : ` +
    'les messages ne sont plus lus et les réponses ne partent plus. Renseignez un nouveau jeton.'
  );
}

export function revokedAlert(): string {
  return 'Le compte X a révoqué l’autorisation de l’application : reconnectez-le et renseignez un nouveau jeton.';
}

export function otherAccountAlert(username: string): string {
  return `Le jeton d’accès est celui du compte @${username}, pas de ce canal : renseignez le jeton du bon compte.`;
}

export function unsubscribedAlert(at: Date, resubscribeFailed: string | null): string {
  const when = at.toLocaleString('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const base =
    `La page ne transmettait plus ses messages à e-guichet (application désabonnée, constaté le ${when}) ; ` +
    'les messages publiés pendant l’interruption peuvent manquer.';
  return resubscribeFailed
    ? `${base} Le réabonnement a échoué (${resubscribeFailed}) : vérifiez les droits du jeton de la page.`
    : base;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

/** The email to an organisation's admins when a channel breaks (sent once per breakage). */
export function brokenChannelMail(input: {
  platform: Platform;
  channelName: string;
  channelId: string;
  alert: string;
  publicUrl: string;
}): RenderedMail {
  const name = platformName(input.platform);
  const kind = input.platform === 'facebook' ? 'la page Facebook' : 'le compte X';
  return {
    subject: `[e-guichet] ${name} : « ${input.channelName} » est déconnecté`,
    text: [
      'Bonjour,',
      '',
      `e-guichet ne peut plus utiliser ${kind} « ${input.channelName} ».`,
      input.alert,
      '',
      'Que faire :',
      input.platform === 'facebook'
        ? '1. Générez un nouveau jeton d’accès de la page (Meta Business Suite ou outil Graph API).'
        : '1. Reconnectez le compte à l’application X et générez un nouveau jeton d’accès.',
      `2. Renseignez-le dans e-guichet, rubrique Canaux (API : PATCH ${input.publicUrl}/api/channels/${input.channelId}).`,
      '',
      'Tant que ce n’est pas fait, les messages des habitants sur ce canal n’arrivent plus dans la boîte de réception.',
      'Vous ne recevrez pas d’autre courriel pour cette interruption.',
      '',
      '— e-guichet',
    ].join('\n'),
  };
}
