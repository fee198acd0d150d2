import { MigrationInterface, QueryRunner } from 'typeorm';

/** The front room: the ticket queue (with its append-only log), screen content, grievances. */
export class Reception1764005000000 implements MigrationInterface {
  name = 'Reception1764005000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket_sequence (
        annex_id uuid NOT NULL REFERENCES annex(id),
        day date NOT NULL,
        grp char(1) NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (annex_id, day, grp)
      )`);
    await q.query(`
      CREATE TABLE ticket (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        day date NOT NULL,
        grp char(1) NOT NULL CHECK (grp ~ '^[A-Z]$'),
        number varchar(8) NOT NULL,
        priority varchar(10) CHECK (priority IN ('elderly', 'disabled', 'pregnant')),
        state varchar(12) NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'no_show', 'closed')),
        citizen_id uuid REFERENCES citizen(id),
        request_id uuid REFERENCES service_request(id),
        counter int,
        agent_id uuid,
        issued_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        called_at timestamptz,
        closed_at timestamptz,
        UNIQUE (annex_id, day, number)
      )`);
    await q.query(`CREATE INDEX ticket_waiting_idx ON ticket (annex_id, day, grp, (priority IS NULL), created_at) WHERE state = 'waiting'`);
    await q.query(`
      CREATE TABLE ticket_event (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES ticket(id),
        type varchar(16) NOT NULL,
        actor_id uuid,
        counter int,
        detail text,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event FOR EACH ROW EXECUTE FUNCTION append_only()`,
    );
    await q.query(`
      CREATE TABLE signage_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('video', 'image', 'announcement', 'law_update', 'neighbourhood_info', 'services_map')),
        title jsonb NOT NULL,
        body jsonb NOT NULL DEFAULT '{}'::jsonb,
        media_url text,
        position int NOT NULL DEFAULT 0,
        language varchar(3) NOT NULL DEFAULT 'all' CHECK (language IN ('ar', 'fr', 'en', 'all')),
        starts_at timestamptz,
        ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE grievance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        annex_id uuid NOT NULL REFERENCES annex(id),
        tracking_code varchar(32) NOT NULL UNIQUE,
        kind varchar(12) NOT NULL CHECK (kind IN ('grievance', 'observation', 'proposal')),
        subject text NOT NULL,
        description text NOT NULL,
        citizen_id uuid REFERENCES citizen(id),
        phone varchar(16),
        request_id uuid REFERENCES service_request(id),
        neighbourhood_id uuid REFERENCES neighbourhood(id),
        owner_id uuid,
        state varchar(12) NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),
        filed_by uuid,
        channel varchar(8) NOT NULL,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grievance_annex_idx ON grievance (annex_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE grievance_response (
        id bigserial PRIMARY KEY,
        grievance_id uuid NOT NULL REFERENCES grievance(id),
        staff_id uuid NOT NULL,
        body text NOT NULL,
        state varchar(12) NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE TRIGGER grievance_response_append_only BEFORE UPDATE OR DELETE ON grievance_response FOR EACH ROW EXECUTE FUNCTION append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['grievance_response', 'grievance', 'signage_item', 'ticket_event', 'ticket', 'ticket_sequence'])
      await q.query(`DROP TABLE ${t}`);
  }
}
