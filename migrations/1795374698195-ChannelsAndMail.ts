import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelsAndMail1795374698195 implements MigrationInterface {
  name = 'ChannelsAndMail1795374698195';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "channel" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "platform" text NOT NULL, "external_id" text NOT NULL, "name" text NOT NULL, "access_token" text, "access_secret" text, "secret_key_id" text, "active" boolean NOT NULL DEFAULT true, "status" text NOT NULL DEFAULT \'active\', "alert" text, "alerted_at" TIMESTAMP WITH TIME ZONE, "last_polled_id" text, "poll_not_before" TIMESTAMP WITH TIME ZONE, "checked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_590f33ee6ee7d76437acf362e39" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ee5f521e3f18a5c75ed7ba1d84" ON "channel"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_af2bcd1cadfa744497457b74ff" ON "channel"  ("platform", "external_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "to" text array NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text, "headers" jsonb NOT NULL DEFAULT \'{}\', "dedupe_key" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "error" text, "message_id" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d209706daddb0762c743fb58634" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_cedebcafa06b75410ec6aebd03" ON "outbox_mail"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_32a2a9f642819bc2db631f5d14" ON "outbox_mail"  ("organisation_id", "dedupe_key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "channel" ADD CONSTRAINT "FK_fc9f04406f5ee8f9d2f76dfb483" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "outbox_mail" ADD CONSTRAINT "FK_49ccf5d6291a0a55c0f7aa49017" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_mail" DROP CONSTRAINT "FK_49ccf5d6291a0a55c0f7aa49017"');
    await queryRunner.query('ALTER TABLE "channel" DROP CONSTRAINT "FK_fc9f04406f5ee8f9d2f76dfb483"');
    await queryRunner.query('DROP INDEX "public"."IDX_32a2a9f642819bc2db631f5d14"');
    await queryRunner.query('DROP INDEX "public"."IDX_cedebcafa06b75410ec6aebd03"');
    await queryRunner.query('DROP TABLE "outbox_mail"');
    await queryRunner.query('DROP INDEX "public"."IDX_af2bcd1cadfa744497457b74ff"');
    await queryRunner.query('DROP INDEX "public"."IDX_ee5f521e3f18a5c75ed7ba1d84"');
    await queryRunner.query('DROP TABLE "channel"');
  }
}
