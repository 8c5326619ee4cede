import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_COST, type ScryptCost } from '../common/password.js';

export interface FacebookConfig {
  /** The Meta app's id: how the daily check finds our app in a page's `subscribed_apps`. */
  appId?: string;
  appSecret?: string;
  verifyToken?: string;
  pageId?: string;
  pageToken?: string;
  graphUrl: string;
}

export interface TwitterConfig {
  /** The X app's consumer (API) key: with an access secret, calls are signed with OAuth 1.0a. */
  consumerKey?: string;
  consumerSecret?: string;
  userId?: string;
  accessToken?: string;
  accessSecret?: string;
  apiUrl: string;
  pollSeconds?: number;
}

export interface AppConfig {
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  encryptionKey: Buffer;
  jwtSecret: string;
  admin?: { email: string; password: string };
  facebook: FacebookConfig;
  twitter: TwitterConfig;
  /**
   * Demo mode without FACEBOOK_GRAPH_URL / TWITTER_API_URL: the platform is played on loopback
   * (src/demo/demo-platforms.ts starts the fake and fills in its URL and secrets).
   */
  playedPlatforms: { facebook: boolean; twitter: boolean };
  smtpUrl?: string;
  mailFrom: string;
  inboundSmtpPort?: number;
  inboundDomain?: string;
  imapUrl?: string;
  publicUrl: string;
  logLevel: 'debug' | 'log' | 'warn' | 'error';
  /** Debounce of an organisation's retraining after a correction or a change of its departments. */
  classifierRetrainDelaySeconds: number;
  /** A delivery whose processing fails is retried `limit` times, waiting `delaySeconds` doubling; then parked. */
  intakeRetry: { limit: number; delaySeconds: number };
  /** Days a processed or unroutable delivery's raw body is kept (src/intake/delivery-retention.job.ts). */
  deliveryRetentionDays: number;
  /** Not from the environment: tests lower it to keep the suite fast. */
  passwordCost: ScryptCost;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment once; nothing else in the service reads `process.env`. */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const demo = bool(env, 'DEMO', databaseUrl === undefined);
  const dataDir = resolve(cwd, optional(env, 'DATA_DIR') ?? '.data');
  const port = int(env, 'PORT', 3000, 0, 65535);
  const secrets = demo ? demoSecrets(dataDir) : undefined;

  const encryptionKeyText = optional(env, 'ENCRYPTION_KEY') ?? secrets?.encryptionKey;
  if (!encryptionKeyText) throw new ConfigError('ENCRYPTION_KEY', 'is required (32 bytes, base64)');
  const encryptionKey = Buffer.from(encryptionKeyText, 'base64');
  if (encryptionKey.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(encryptionKeyText)) {
    throw new ConfigError('ENCRYPTION_KEY', 'must be 32 bytes encoded in base64');
  }
  const jwtSecret = optional(env, 'JWT_SECRET') ?? secrets?.jwtSecret;
  if (!jwtSecret) throw new ConfigError('JWT_SECRET', 'is required');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');

  const adminEmail = optional(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError(
      adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'ADMIN_EMAIL and ADMIN_PASSWORD go together',
    );
  }
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail))
    throw new ConfigError('ADMIN_EMAIL', 'is not an email');
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  }

  return {
    port,
    databaseUrl,
    dataDir,
    demo,
    encryptionKey,
    jwtSecret,
    admin:
      adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : undefined,
    facebook: {
      appId: optional(env, 'FACEBOOK_APP_ID'),
      appSecret: optional(env, 'FACEBOOK_APP_SECRET'),
      verifyToken: optional(env, 'FACEBOOK_VERIFY_TOKEN'),
      pageId: optional(env, 'FACEBOOK_PAGE_ID'),
      pageToken: optional(env, 'FACEBOOK_PAGE_TOKEN'),
      graphUrl: url(env, 'FACEBOOK_GRAPH_URL', 'https://graph.facebook.com/v25.0'),
    },
    twitter: {
      consumerKey: optional(env, 'TWITTER_CONSUMER_KEY'),
      consumerSecret: optional(env, 'TWITTER_CONSUMER_SECRET'),
      userId: optional(env, 'TWITTER_USER_ID'),
      accessToken: optional(env, 'TWITTER_ACCESS_TOKEN'),
      accessSecret: optional(env, 'TWITTER_ACCESS_SECRET'),
      apiUrl: url(env, 'TWITTER_API_URL', 'https://api.x.com'),
      pollSeconds: env.TWITTER_POLL_SECONDS ? int(env, 'TWITTER_POLL_SECONDS', 0, 1, 86400) : undefined,
    },
    playedPlatforms: {
      facebook: demo && !optional(env, 'FACEBOOK_GRAPH_URL'),
      twitter: demo && !optional(env, 'TWITTER_API_URL'),
    },
    smtpUrl: optional(env, 'SMTP_URL'),
    mailFrom: optional(env, 'MAIL_FROM') ?? 'e-guichet <no-reply@localhost>',
    inboundSmtpPort: env.INBOUND_SMTP_PORT ? int(env, 'INBOUND_SMTP_PORT', 0, 0, 65535) : undefined,
    inboundDomain: optional(env, 'INBOUND_DOMAIN')?.toLowerCase(),
    imapUrl: optional(env, 'IMAP_URL'),
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'log', 'warn', 'error'] as const, 'log'),
    classifierRetrainDelaySeconds: int(env, 'CLASSIFIER_RETRAIN_DELAY_SECONDS', 120, 1, 3600),
    intakeRetry: {
      limit: int(env, 'INTAKE_RETRY_LIMIT', 8, 0, 100),
      delaySeconds: int(env, 'INTAKE_RETRY_DELAY_SECONDS', 2, 1, 3600),
    },
    deliveryRetentionDays: int(env, 'DELIVERY_RETENTION_DAYS', 30, 1, 3650),
    passwordCost: DEFAULT_COST,
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, 'must be true or false');
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  }
  return parsed;
}

function url(env: Env, name: string, fallback: string): string {
  const value = optional(env, name) ?? fallback;
  try {
    new URL(value);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  return value.replace(/\/+$/, '');
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = optional(env, name) ?? fallback;
  if (!values.includes(value as T)) throw new ConfigError(name, `must be one of ${values.join(', ')}`);
  return value as T;
}

/** Demo secrets are generated on first start and kept, so tokens and encrypted rows survive restarts. */
function demoSecrets(dataDir: string): { encryptionKey: string; jwtSecret: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file))
    return JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string; jwtSecret: string };
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    encryptionKey: randomBytes(32).toString('base64'),
    jwtSecret: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
