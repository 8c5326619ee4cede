import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795373326697 implements MigrationInterface {
  name = 'Foundation1795373326697';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "actor_id" uuid, "action" text NOT NULL, "target_type" text, "target_id" text, "details" jsonb NOT NULL DEFAULT \'{}\', "ip" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b7ff19ee62149b804f697e8573" ON "audit_entry"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "login_throttle" ("key" text NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "failures" integer NOT NULL, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_f0812282fad2e352cdaf83ef0a" ON "refresh_token"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_b71a8c955352f85c3ac480ce34" ON "refresh_token"  ("organisation_id", "user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "territory" text array NOT NULL DEFAULT \'{}\', "signature" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b800a0efd2f9f19719d0c4d793" ON "organisation"  ("slug") ',
    );
    await queryRunner.query(
      'CREATE TABLE "department" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "description" text, "emails" text array NOT NULL DEFAULT \'{}\', "examples" text array NOT NULL DEFAULT \'{}\', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5b53702716551ac86b1091917a" ON "department"  ("organisation_id", "code") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" text NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "operator" boolean NOT NULL DEFAULT false, "department_id" uuid, "password_hash" text NOT NULL, "token_version" integer NOT NULL DEFAULT \'0\', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_e12875dfb3b1d92d7d7c5377e2" ON "user"  ("email") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_13481174b6742d1979ff2341e1" ON "user"  ("organisation_id", "role") ',
    );
    await queryRunner.query(
      'ALTER TABLE "department" ADD CONSTRAINT "FK_c84ade69c16ffb4806bc12eceaf" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user" ADD CONSTRAINT "FK_c7a4825eaaf9118259b890ad65d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user" ADD CONSTRAINT "FK_afd2c87bee70dd5557f48911e66" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user" DROP CONSTRAINT "FK_afd2c87bee70dd5557f48911e66"');
    await queryRunner.query('ALTER TABLE "user" DROP CONSTRAINT "FK_c7a4825eaaf9118259b890ad65d"');
    await queryRunner.query('ALTER TABLE "department" DROP CONSTRAINT "FK_c84ade69c16ffb4806bc12eceaf"');
    await queryRunner.query('DROP INDEX "public"."IDX_13481174b6742d1979ff2341e1"');
    await queryRunner.query('DROP INDEX "public"."IDX_e12875dfb3b1d92d7d7c5377e2"');
    await queryRunner.query('DROP TABLE "user"');
    await queryRunner.query('DROP INDEX "public"."IDX_5b53702716551ac86b1091917a"');
    await queryRunner.query('DROP TABLE "department"');
    await queryRunner.query('DROP INDEX "public"."IDX_b800a0efd2f9f19719d0c4d793"');
    await queryRunner.query('DROP TABLE "organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_b71a8c955352f85c3ac480ce34"');
    await queryRunner.query('DROP INDEX "public"."IDX_f0812282fad2e352cdaf83ef0a"');
    await queryRunner.query('DROP TABLE "refresh_token"');
    await queryRunner.query('DROP TABLE "login_throttle"');
    await queryRunner.query('DROP INDEX "public"."IDX_b7ff19ee62149b804f697e8573"');
    await queryRunner.query('DROP TABLE "audit_entry"');
  }
}
