import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryWaitingIndex1795379445141 implements MigrationInterface {
  name = 'DeliveryWaitingIndex1795379445141';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "delivery_waiting" ON "delivery"  ("received_at") WHERE status = \'received\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."delivery_waiting"');
  }
}
