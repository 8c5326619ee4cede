import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from '../../src/auth/roles.js';
import { hashPassword } from '../../src/common/password.js';
import { Department } from '../../src/departments/department.entity.js';
import { Organisation } from '../../src/organisations/organisation.entity.js';
import { User } from '../../src/users/user.entity.js';
import type { TestApp } from './test-app.js';
import { TEST_PASSWORD_COST } from './test-app.js';

export const PASSWORD = 'password-for-tests';
let passwordHash: Promise<string> | undefined;

export async function createOrganisation(dataSource: DataSource, overrides: Partial<Organisation> = {}) {
  const suffix = randomUUID().slice(0, 8);
  return dataSource.getRepository(Organisation).save({
    name: `Commune ${suffix}`,
    slug: `commune-${suffix}`,
    territory: ['49'],
    signature: 'La Commune',
    ...overrides,
  });
}

export async function createDepartment(
  dataSource: DataSource,
  organisationId: string,
  overrides: Partial<Department> = {},
) {
  return dataSource.getRepository(Department).save({
    organisationId,
    code: 'routes',
    name: 'Routes et infrastructures',
    emails: ['routes@example.test'],
    ...overrides,
  });
}

export async function createUser(
  dataSource: DataSource,
  organisationId: string,
  role: Role,
  overrides: Partial<User> = {},
) {
  passwordHash ??= hashPassword(PASSWORD, TEST_PASSWORD_COST);
  return dataSource.getRepository(User).save({
    organisationId,
    email: `${role}-${randomUUID().slice(0, 8)}@example.test`,
    name: `Test ${role}`,
    role,
    passwordHash: await passwordHash,
    ...overrides,
  });
}

export async function login(app: TestApp, email: string, password = PASSWORD): Promise<string> {
  const response = await app.http.post('/api/auth/login').send({ email, password }).expect(200);
  return (response.body as { accessToken: string }).accessToken;
}

/** An organisation with one user of each role, signed in. */
export async function createTeam(app: TestApp) {
  const organisation = await createOrganisation(app.dataSource);
  const routes = await createDepartment(app.dataSource, organisation.id);
  const users = {
    admin: await createUser(app.dataSource, organisation.id, 'admin'),
    cm: await createUser(app.dataSource, organisation.id, 'cm'),
    agent: await createUser(app.dataSource, organisation.id, 'agent', { departmentId: routes.id }),
    official: await createUser(app.dataSource, organisation.id, 'official'),
  };
  const tokens = {
    admin: await login(app, users.admin.email),
    cm: await login(app, users.cm.email),
    agent: await login(app, users.agent.email),
    official: await login(app, users.official.email),
  };
  return { organisation, routes, users, tokens };
}
