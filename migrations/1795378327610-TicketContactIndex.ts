import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TicketContactIndex1795378327610 implements MigrationInterface {
  name = 'TicketContactIndex1795378327610';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ticket_contact" ON "ticket"  ("organisation_id", "contact_id", "post_external_id") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ticket_contact"');
  }
}
