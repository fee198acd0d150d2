import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments: which procedures of an annex can be booked (group, visit length, counters per
 * slot, release rule), the booked visits, and the ticket a visit becomes at check-in.
 */
export class Appointments1796160000000 implements MigrationInterface {
  name = 'Appointments1796160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bookable_service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        procedure_code varchar(32) NOT NULL REFERENCES procedure(code),
        grp char(1) NOT NULL CHECK (grp ~ '^[A-Z]$'),
        visit_minutes int NOT NULL CHECK (visit_minutes BETWEEN 5 AND 240),
        counters int NOT NULL CHECK (counters BETWEEN 1 AND 50),
        days_ahead int NOT NULL DEFAULT 14 CHECK (days_ahead BETWEEN 0 AND 90),
        release_time varchar(5) NOT NULL DEFAULT '08:00' CHECK (release_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        active boolean NOT NULL DEFAULT true,
        UNIQUE (annex_id, procedure_code)
      )`);
    await q.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        service_id uuid NOT NULL REFERENCES bookable_service(id),
        procedure_code varchar(32) NOT NULL,
        grp char(1) NOT NULL,
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        request_id uuid REFERENCES service_request(id),
        code varchar(8) NOT NULL UNIQUE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        state varchar(12) NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'checked_in', 'cancelled', 'no_show')),
        channel varchar(8) NOT NULL,
        booked_by uuid NOT NULL,
        idempotency_key varchar(200),
        body_hash char(64),
        ticket_id uuid REFERENCES ticket(id),
        reminded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (booked_by, idempotency_key)
      )`);
    // Fair booking: one active booking per citizen and procedure.
    await q.query(`CREATE UNIQUE INDEX appointment_one_active_idx ON appointment (citizen_id, procedure_code) WHERE state = 'booked'`);
    // Capacity: the places taken in a slot.
    await q.query(`CREATE INDEX appointment_slot_idx ON appointment (service_id, starts_at) WHERE state IN ('booked', 'checked_in')`);
    await q.query(`CREATE INDEX appointment_annex_day_idx ON appointment (annex_id, starts_at)`);
    await q.query(`ALTER TABLE ticket ADD COLUMN appointment_id uuid REFERENCES appointment(id), ADD COLUMN due_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket DROP COLUMN appointment_id, DROP COLUMN due_at`);
    await q.query(`DROP TABLE appointment`);
    await q.query(`DROP TABLE bookable_service`);
  }
}
