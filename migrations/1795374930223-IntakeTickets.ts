import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeTickets1795374930223 implements MigrationInterface {
  name = 'IntakeTickets1795374930223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "platform" text NOT NULL, "platform_user_id" text NOT NULL, "name" text, "handle" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_2febd497f86e7cdccf8dd2a3c5" ON "contact"  ("organisation_id", "platform", "platform_user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "reference" text NOT NULL, "status" text NOT NULL, "department_id" uuid, "intent" text, "sentiment" text, "toxic" boolean NOT NULL DEFAULT false, "language" text, "confidence" real, "needs_review" boolean NOT NULL DEFAULT true, "platform" text NOT NULL, "kind" text NOT NULL, "channel_id" uuid, "contact_id" uuid NOT NULL, "thread_key" text NOT NULL, "post_external_id" text, "preview" text NOT NULL DEFAULT \'\', "last_activity_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "assignee_id" uuid, "labelled_at" TIMESTAMP WITH TIME ZONE, "labels_corrected_at" TIMESTAMP WITH TIME ZONE, "model_version" text, "explanation" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d9a0835407701eb86f874474b7c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_thread" ON "ticket"  ("organisation_id", "thread_key", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox_assignee" ON "ticket"  ("organisation_id", "assignee_id", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox_review" ON "ticket"  ("organisation_id", "needs_review", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox_intent" ON "ticket"  ("organisation_id", "intent", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox_department" ON "ticket"  ("organisation_id", "department_id", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox_status" ON "ticket"  ("organisation_id", "status", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_inbox" ON "ticket"  ("organisation_id", "last_activity_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ticket_reference" ON "ticket"  ("organisation_id", "reference") ',
    );
    await queryRunner.query(
      'CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "ticket_id" uuid, "contact_id" uuid, "platform" text NOT NULL, "kind" text NOT NULL, "direction" text NOT NULL, "external_id" text NOT NULL, "parent_external_id" text, "text" text NOT NULL, "original_text" text, "edited_at" TIMESTAMP(3) WITH TIME ZONE, "removed_at" TIMESTAMP(3) WITH TIME ZONE, "hidden_at" TIMESTAMP(3) WITH TIME ZONE, "attachments" jsonb NOT NULL DEFAULT \'[]\', "permalink" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "delivery_id" uuid, CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "message_ticket" ON "message"  ("ticket_id", "created_at") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "message_key" ON "message"  ("organisation_id", "platform", "external_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_counter" ("organisation_id" uuid NOT NULL, "year" integer NOT NULL, "value" integer NOT NULL, CONSTRAINT "PK_177c364d14b9204344a67274158" PRIMARY KEY ("organisation_id", "year"))',
    );
    await queryRunner.query(
      'ALTER TABLE "contact" ADD CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket" ADD CONSTRAINT "FK_9733ec819f1403e520e5fda167d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket" ADD CONSTRAINT "FK_121ce93fa7c5778a91d37b9bb47" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket" ADD CONSTRAINT "FK_a3ce544688c161cbfa75e04d8c0" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket" ADD CONSTRAINT "FK_2c91a29fccb8c7dd9644bae9bea" FOREIGN KEY ("assignee_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_970e800278a6b669aaf11f00326" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_c7cbda9a7b72ee211da997772d4" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_879337e5308cb60ca30309aa896" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_879337e5308cb60ca30309aa896"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_c7cbda9a7b72ee211da997772d4"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_970e800278a6b669aaf11f00326"');
    await queryRunner.query('ALTER TABLE "ticket" DROP CONSTRAINT "FK_2c91a29fccb8c7dd9644bae9bea"');
    await queryRunner.query('ALTER TABLE "ticket" DROP CONSTRAINT "FK_a3ce544688c161cbfa75e04d8c0"');
    await queryRunner.query('ALTER TABLE "ticket" DROP CONSTRAINT "FK_121ce93fa7c5778a91d37b9bb47"');
    await queryRunner.query('ALTER TABLE "ticket" DROP CONSTRAINT "FK_9733ec819f1403e520e5fda167d"');
    await queryRunner.query('ALTER TABLE "contact" DROP CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74"');
    await queryRunner.query('DROP TABLE "ticket_counter"');
    await queryRunner.query('DROP INDEX "public"."message_key"');
    await queryRunner.query('DROP INDEX "public"."message_ticket"');
    await queryRunner.query('DROP TABLE "message"');
    await queryRunner.query('DROP INDEX "public"."ticket_reference"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox_status"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox_department"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox_intent"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox_review"');
    await queryRunner.query('DROP INDEX "public"."ticket_inbox_assignee"');
    await queryRunner.query('DROP INDEX "public"."ticket_thread"');
    await queryRunner.query('DROP TABLE "ticket"');
    await queryRunner.query('DROP INDEX "public"."IDX_2febd497f86e7cdccf8dd2a3c5"');
    await queryRunner.query('DROP TABLE "contact"');
  }
}
