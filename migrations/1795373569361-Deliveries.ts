import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deliveries1795373569361 implements MigrationInterface {
  name = 'Deliveries1795373569361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "channel_id" uuid, "channel_external_id" text, "platform" text NOT NULL, "source" text NOT NULL, "dedupe_key" text NOT NULL, "body" text NOT NULL, "headers" jsonb NOT NULL DEFAULT \'{}\', "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "error" text, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ffad7bf84e68716cd9af89003b0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_8cd0908a3babc9f03c32613ecb" ON "delivery"  ("dedupe_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_03f8213457f1dfc5556d4e2ae3" ON "delivery"  ("organisation_id", "status", "received_at") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_03f8213457f1dfc5556d4e2ae3"');
    await queryRunner.query('DROP INDEX "public"."IDX_8cd0908a3babc9f03c32613ecb"');
    await queryRunner.query('DROP TABLE "delivery"');
  }
}
