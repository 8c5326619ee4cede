import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Classification1795374900684 implements MigrationInterface {
  name = 'Classification1795374900684';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "classification_correction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "ticket_id" uuid, "actor_id" uuid, "text" text NOT NULL, "context" text, "platform" text, "labels" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_249e0fac475702fa3b85c96fa69" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4c96ef5c66974ccb90c0189305" ON "classification_correction"  ("organisation_id", "ticket_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1f2458251459110c05b3e350d0" ON "classification_correction"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "classification_model" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "version" integer NOT NULL, "status" text NOT NULL, "fingerprint" text NOT NULL, "taxonomy" text NOT NULL, "departments" text array NOT NULL, "examples" integer NOT NULL, "corrections" integer NOT NULL DEFAULT \'0\', "training_seconds" real NOT NULL, "evaluation" jsonb, "data" bytea NOT NULL, "trained_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf9f2c460233cb4294a4cf12a77" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5e61028b5f32f24b2497a9a7c7" ON "classification_model"  ("fingerprint") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_d055243ce9dbe14ec5fbe1e34d" ON "classification_model"  ("organisation_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "classification_settings" ("organisation_id" uuid NOT NULL, "department_threshold" real NOT NULL, "intent_threshold" real NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e76716a834b2aa3d8bd38fa213c" PRIMARY KEY ("organisation_id"))',
    );
    await queryRunner.query('ALTER TABLE "delivery" ADD "event_count" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "delivery" ADD "ignored" jsonb NOT NULL DEFAULT \'[]\'');
    await queryRunner.query(
      'ALTER TABLE "classification_correction" ADD CONSTRAINT "FK_d80c62ecde1eaf0426fc1f3015d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "classification_model" ADD CONSTRAINT "FK_2978dd2ca732b8f90ddaff8ee70" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "classification_settings" ADD CONSTRAINT "FK_e76716a834b2aa3d8bd38fa213c" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "classification_settings" DROP CONSTRAINT "FK_e76716a834b2aa3d8bd38fa213c"',
    );
    await queryRunner.query(
      'ALTER TABLE "classification_model" DROP CONSTRAINT "FK_2978dd2ca732b8f90ddaff8ee70"',
    );
    await queryRunner.query(
      'ALTER TABLE "classification_correction" DROP CONSTRAINT "FK_d80c62ecde1eaf0426fc1f3015d"',
    );
    await queryRunner.query('ALTER TABLE "delivery" DROP COLUMN "ignored"');
    await queryRunner.query('ALTER TABLE "delivery" DROP COLUMN "event_count"');
    await queryRunner.query('DROP TABLE "classification_settings"');
    await queryRunner.query('DROP INDEX "public"."IDX_d055243ce9dbe14ec5fbe1e34d"');
    await queryRunner.query('DROP INDEX "public"."IDX_5e61028b5f32f24b2497a9a7c7"');
    await queryRunner.query('DROP TABLE "classification_model"');
    await queryRunner.query('DROP INDEX "public"."IDX_1f2458251459110c05b3e350d0"');
    await queryRunner.query('DROP INDEX "public"."IDX_4c96ef5c66974ccb90c0189305"');
    await queryRunner.query('DROP TABLE "classification_correction"');
  }
}
