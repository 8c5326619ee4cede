import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * French full-text search that ignores accents ("ecole" finds "école"). An index cannot use
 * unaccent() directly (not IMMUTABLE), so a text search configuration copied from `french` maps
 * words through unaccent then the French stemmer; indexes use to_tsvector('fr_unaccent', …).
 */
export class FrenchSearch1795373300000 implements MigrationInterface {
  name = 'FrenchSearch1795373300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await queryRunner.query('CREATE TEXT SEARCH CONFIGURATION fr_unaccent ( COPY = french )');
    await queryRunner.query(
      'ALTER TEXT SEARCH CONFIGURATION fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TEXT SEARCH CONFIGURATION fr_unaccent');
    await queryRunner.query('DROP EXTENSION IF EXISTS unaccent');
  }
}
