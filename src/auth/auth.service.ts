import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { hashPassword, verifyPassword } from '../common/password.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { User } from '../users/user.entity.js';
import { MeView, TokensView } from './dto/auth.dto.js';
import { LoginThrottleService, throttleKeys } from './login-throttle.service.js';
import type { Principal } from './principal.js';
import { RefreshToken } from './refresh-token.entity.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const REFRESH_TOKEN_DAYS = 30;

interface AccessClaims {
  sub: string;
  org: string;
  ver: number;
}

const invalidCredentials = () => new DomainError('unauthorized', 'Invalid email or password');
const invalidToken = () => new DomainError('unauthorized', 'Invalid or expired token');
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  /** Compared against when the email is unknown, so that both failures take the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, ip: string): Promise<TokensView> {
    const keys = throttleKeys(ip, email);
    await this.throttle.assertAllowed(keys);
    // Sign-in is the one look-up by email alone: the organisation is not known yet.
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    const valid = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyPassword(password, await this.decoy());
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(keys);
      if (user) {
        await this.audit.record(user.organisationId, {
          actorId: user.id,
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: user.id,
          ip,
        });
      }
      throw invalidCredentials();
    }
    await this.throttle.reset(keys.account);
    await this.audit.record(user.organisationId, {
      actorId: user.id,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    return this.issue(this.refreshTokens.manager, user, randomUUID());
  }

  /** Rotation: the token is spent; a spent token shown again revokes its whole family. */
  async refresh(token: string): Promise<TokensView> {
    return this.refreshTokens.manager
      .transaction(async (manager) => {
        const repository = manager.getRepository(RefreshToken);
        const row = await repository.findOne({
          where: { tokenHash: sha256(token) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!row || row.revokedAt || row.expiresAt < new Date()) throw invalidToken();
        if (row.usedAt) {
          await repository.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
          return null;
        }
        const user = await manager
          .getRepository(User)
          .findOneBy({ organisationId: row.organisationId, id: row.userId });
        if (!user || !user.active) throw invalidToken();
        await repository.update({ id: row.id }, { usedAt: new Date() });
        return this.issue(manager, user, row.familyId);
      })
      .then((tokens) => {
        // Thrown outside the transaction so that the family's revocation commits.
        if (!tokens) throw invalidToken();
        return tokens;
      });
  }

  /** Ends every session of the person: access tokens stop at once, refresh tokens are revoked. */
  async logout(principal: Principal, ip: string): Promise<void> {
    await this.endSessions(principal.organisationId, principal.userId);
    await this.audit.record(principal.organisationId, {
      actorId: principal.userId,
      action: 'auth.logout',
      targetType: 'user',
      targetId: principal.userId,
      ip,
    });
  }

  async changePassword(principal: Principal, current: string, next: string, ip: string): Promise<void> {
    const user = await this.users.findOneByOrFail({
      organisationId: principal.organisationId,
      id: principal.userId,
    });
    if (!(await verifyPassword(current, user.passwordHash))) {
      throw new DomainError('invalid', 'currentPassword is wrong');
    }
    await this.users.update(
      { organisationId: principal.organisationId, id: user.id },
      { passwordHash: await hashPassword(next, this.config.passwordCost) },
    );
    await this.endSessions(principal.organisationId, principal.userId);
    await this.audit.record(principal.organisationId, {
      actorId: user.id,
      action: 'auth.password_change',
      targetType: 'user',
      targetId: user.id,
      ip,
    });
  }

  /** Verifies a bearer token and reloads the person, so a role change or logout takes effect at once. */
  async authenticate(token: string): Promise<Principal> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    const user = await this.users.findOneBy({ organisationId: claims.org, id: claims.sub });
    if (!user || !user.active || user.tokenVersion !== claims.ver) throw invalidToken();
    return {
      userId: user.id,
      organisationId: user.organisationId,
      role: user.role,
      operator: user.operator,
      departmentId: user.departmentId,
    };
  }

  async me(principal: Principal): Promise<MeView> {
    const user = await this.users.findOneOrFail({
      where: { organisationId: principal.organisationId, id: principal.userId },
      relations: { department: true },
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organisationId: user.organisationId,
      department: user.department?.code ?? null,
      operator: user.operator,
    };
  }

  private async endSessions(organisationId: string, userId: string): Promise<void> {
    await this.users.increment({ organisationId, id: userId }, 'tokenVersion', 1);
    await this.refreshTokens.update(
      { organisationId, userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  private async issue(manager: EntityManager, user: User, familyId: string): Promise<TokensView> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.getRepository(RefreshToken).insert({
      organisationId: user.organisationId,
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
    });
    const claims: AccessClaims = { sub: user.id, org: user.organisationId, ver: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(claims, { expiresIn: ACCESS_TOKEN_SECONDS, algorithm: 'HS256' }),
      refreshToken,
      expiresIn: ACCESS_TOKEN_SECONDS,
      tokenType: 'Bearer',
    };
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomUUID(), this.config.passwordCost);
    return this.decoyHash;
  }
}
