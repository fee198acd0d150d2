/**
 * Each table has one owner (issue 27): the library whose repository writes it. This test reads
 * the sources (libraries and apps; not tests, migrations, seeds or the web apps), finds every
 * INSERT, UPDATE and DELETE (and TypeORM write naming an entity) and fails when a table is written
 * from a file its owner does not list, when a library writes another library's table (outside the
 * few listed exceptions), or when a table the migrations create has no owner. Another library
 * changes a table by calling its owner's service or repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** One statement (or TypeORM call) in the sources that writes a table. */
interface TableWrite {
  table: string;
  /** Path from the repository root, with forward slashes. */
  file: string;
  line: number;
}

// Case-sensitive: the code writes SQL keywords in capitals, prose in API descriptions does not.
const SQL_WRITE = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_][a-z0-9_]*)"?/g;
const ORM_WRITES = new Set(['insert', 'update', 'delete', 'save', 'upsert', 'remove', 'softDelete']);
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The TypeScript sources of the running code: libraries and apps, without tests, migrations, the web apps or generated files. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'migrations', 'citizen-web', 'agent-web', 'api-client'].includes(e.name)) walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts')) {
        out.push(p);
      }
    }
  };
  walk(join(root, 'libs'));
  walk(join(root, 'apps'));
  return out.sort();
}

/**
 * Every write in the sources: SQL in string and template literals (comments are not literals,
 * so prose such as "an UPDATE … RETURNING" does not count), and TypeORM writes naming an entity
 * class (`manager.insert(RefreshToken, …)`; tables are the snake_case class names).
 */
function tableWrites(root: string, files = sourceFiles(root)): TableWrite[] {
  const writes: TableWrite[] = [];
  for (const path of files) {
    const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const file = relative(root, path).split('\\').join('/');
    const at = (node: ts.Node) => src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1;
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
        for (const m of node.getText(src).matchAll(SQL_WRITE)) {
          // `UPDATE SET` is the tail of `ON CONFLICT … DO UPDATE SET`, not a table.
          if (m[1].toLowerCase() !== 'set') writes.push({ table: m[1].toLowerCase(), file, line: at(node) });
        }
        if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
        return;
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ORM_WRITES.has(node.expression.name.text)) {
        const [first] = node.arguments;
        if (first && ts.isIdentifier(first) && /^[A-Z][a-z]/.test(first.text))
          writes.push({ table: snake(first.text), file, line: at(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return writes;
}

type Library = 'accounts' | 'certificates' | 'core' | 'interop' | 'notifications' | 'reception' | 'requests' | 'sla';

/**
 * Table → owning library → the files of that library that write it. A file not named
 * `*.repository.ts` still holds its SQL beside its use cases (to move into a repository);
 * an empty list: written by migrations (and demo seeds) only.
 */
const OWNERS: Record<string, { owner: Library; writers: string[] }> = {
  annex: { owner: 'accounts', writers: ['libs/accounts/src/annexes/annexes.service.ts'] },
  counter: { owner: 'accounts', writers: ['libs/accounts/src/annexes/annexes.service.ts'] },
  neighbourhood: { owner: 'accounts', writers: ['libs/accounts/src/annexes/annexes.service.ts'] },
  citizen: {
    owner: 'accounts',
    writers: ['libs/accounts/src/register/citizens.service.ts', 'libs/accounts/src/register/registration.service.ts'],
  },
  citizen_change: {
    owner: 'accounts',
    writers: ['libs/accounts/src/register/citizens.service.ts', 'libs/accounts/src/register/registration.service.ts'],
  },
  citizen_residence: { owner: 'accounts', writers: ['libs/accounts/src/register/citizens.service.ts'] },
  code_request: { owner: 'accounts', writers: ['libs/accounts/src/register/one-time-codes.ts'] },
  one_time_code: {
    owner: 'accounts',
    writers: ['libs/accounts/src/register/one-time-codes.ts', 'libs/accounts/src/privacy/retention-policy.ts'],
  },
  known_device: { owner: 'accounts', writers: ['libs/accounts/src/auth/login-throttle.ts'] },
  login_throttle: { owner: 'accounts', writers: ['libs/accounts/src/auth/login-throttle.ts'] },
  refresh_token: {
    owner: 'accounts',
    writers: ['libs/accounts/src/auth/token.service.ts', 'libs/accounts/src/privacy/retention-policy.ts'],
  },
  staff: { owner: 'accounts', writers: ['libs/accounts/src/register/staff.service.ts'] },
  dependent: { owner: 'accounts', writers: ['libs/accounts/src/family/dependents.service.ts'] },
  mandate: { owner: 'accounts', writers: ['libs/accounts/src/family/mandates.service.ts', 'libs/accounts/src/family/mandate-parties.ts'] },
  staff_recovery_code: { owner: 'accounts', writers: ['libs/accounts/src/auth/second-factor.ts'] },
  staff_security_event: { owner: 'accounts', writers: ['libs/accounts/src/auth/second-factor.ts'] },
  staff_totp: { owner: 'accounts', writers: ['libs/accounts/src/auth/second-factor.ts'] },
  retention_run: { owner: 'accounts', writers: ['libs/accounts/src/privacy/retention.service.ts'] },

  certificate: { owner: 'certificates', writers: ['libs/certificates/src/certificates.service.ts'] },
  certificate_counter: { owner: 'certificates', writers: ['libs/certificates/src/certificates.service.ts'] },

  citizen_access_log: { owner: 'core', writers: ['libs/core/src/privacy/access-log.ts', 'libs/accounts/src/privacy/retention-policy.ts'] },
  outbox_message: { owner: 'core', writers: ['libs/core/src/outbox/outbox-relay.ts', 'libs/accounts/src/privacy/retention-policy.ts'] },
  periodic_lease: { owner: 'core', writers: ['libs/core/src/tasks/periodic.ts'] },

  agency: { owner: 'interop', writers: [] },
  document_request: { owner: 'interop', writers: ['libs/interop/src/documents/document-requests.service.ts'] },
  dossier_update: { owner: 'interop', writers: ['libs/interop/src/dossiers/dossier-updates.service.ts'] },
  partner: { owner: 'interop', writers: ['libs/interop/src/partners/partners.service.ts', 'libs/interop/src/webhooks/bench.ts'] },
  partner_api_key: { owner: 'interop', writers: ['libs/interop/src/partners/partners.service.ts'] },
  partner_call: { owner: 'interop', writers: ['libs/interop/src/partners/partner-call-audit.ts'] },
  webhook_attempt: { owner: 'interop', writers: ['libs/interop/src/webhooks/webhook-dispatcher.ts'] },
  webhook_delivery: {
    owner: 'interop',
    writers: ['libs/interop/src/webhooks/webhook-dispatcher.ts', 'libs/interop/src/webhooks/webhooks.service.ts'],
  },
  webhook_subscription: {
    owner: 'interop',
    writers: ['libs/interop/src/webhooks/webhooks.service.ts', 'libs/interop/src/webhooks/bench.ts'],
  },

  notification: {
    owner: 'notifications',
    writers: ['libs/notifications/src/notifications.service.ts', 'libs/accounts/src/privacy/retention-policy.ts'],
  },

  appointment: {
    owner: 'reception',
    writers: ['libs/reception/src/appointments/appointments.service.ts', 'libs/reception/src/tickets/tickets.service.ts'],
  },
  bookable_service: { owner: 'reception', writers: ['libs/reception/src/appointments/appointments.service.ts'] },
  grievance: {
    owner: 'reception',
    writers: ['libs/reception/src/grievances/grievances.service.ts', 'libs/accounts/src/privacy/retention-policy.ts'],
  },
  grievance_photo: { owner: 'reception', writers: ['libs/reception/src/grievances/grievance-photos.repository.ts'] },
  grievance_response: { owner: 'reception', writers: ['libs/reception/src/grievances/grievances.service.ts'] },
  signage_item: { owner: 'reception', writers: ['libs/reception/src/signage/signage.repository.ts'] },
  signage_media: { owner: 'reception', writers: ['libs/reception/src/signage/signage-media.repository.ts'] },
  audio_prompt: { owner: 'reception', writers: ['libs/reception/src/signage/audio-prompts.repository.ts'] },
  ticket: {
    owner: 'reception',
    writers: ['libs/reception/src/tickets/tickets.service.ts', 'libs/accounts/src/privacy/retention-policy.ts'],
  },
  ticket_event: { owner: 'reception', writers: ['libs/reception/src/tickets/tickets.service.ts'] },
  ticket_sequence: { owner: 'reception', writers: ['libs/reception/src/tickets/tickets.service.ts'] },

  procedure: { owner: 'requests', writers: ['libs/requests/src/guide/procedures.repository.ts'] },
  procedure_version: { owner: 'requests', writers: ['libs/requests/src/guide/procedures.repository.ts'] },
  receipt: { owner: 'requests', writers: ['libs/requests/src/requests/receipt.ts'] },
  request_attachment: {
    owner: 'requests',
    writers: ['libs/requests/src/attachments/attachments.repository.ts', 'libs/accounts/src/privacy/retention.service.ts'],
  },
  request_event: { owner: 'requests', writers: ['libs/requests/src/requests/request-lifecycle.ts'] },
  request_idempotency: { owner: 'requests', writers: ['libs/requests/src/requests/idempotency.ts'] },
  service_request: {
    owner: 'requests',
    writers: [
      'libs/requests/src/requests/requests.repository.ts',
      'libs/requests/src/requests/request-clock.repository.ts',
      'libs/requests/src/requests/beneficiary.ts',
    ],
  },
  tracking_counter: { owner: 'requests', writers: [] },
  // Written only by the trigger on service_request (migration QueueVersion).
  queue_version: { owner: 'requests', writers: [] },

  holiday: { owner: 'sla', writers: ['libs/sla/src/calendar/holidays.repository.ts'] },
  seasonal_hours: { owner: 'sla', writers: ['libs/sla/src/calendar/seasonal-hours.repository.ts'] },
  request_timing: { owner: 'sla', writers: ['libs/sla/src/sla-clock.ts'] },
};

/**
 * The writes that still cross a library boundary, each with why; the list may only shrink.
 * Retention purges rows of several owners by one policy (one statement per table and age, in
 * the privacy module, so the policy reads as one table); each owner exposing its purge is next.
 */
const CROSSING: { table: string; file: string }[] = [
  ...['citizen_access_log', 'outbox_message', 'notification', 'grievance', 'ticket'].map((table) => ({
    table,
    file: 'libs/accounts/src/privacy/retention-policy.ts',
  })),
  { table: 'request_attachment', file: 'libs/accounts/src/privacy/retention.service.ts' },
];

const ROOT = join(__dirname, '../../../..');
const libraryOf = (file: string) => /^libs\/([^/]+)\//.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');

describe('each table has one owner', () => {
  const writes = tableWrites(ROOT);

  it('finds the writes it is looking for (the scan is not blind)', () => {
    const at = (table: string) => writes.filter((w) => w.table === table).map((w) => w.file);
    expect(at('service_request')).toContain('libs/requests/src/requests/requests.repository.ts');
    expect(at('refresh_token')).toContain('libs/accounts/src/auth/token.service.ts'); // a TypeORM write
    expect(writes.length).toBeGreaterThan(100);
  });

  it('writes each table only from a file its owner lists', () => {
    const stray = writes.filter((w) => !OWNERS[w.table]?.writers.includes(w.file)).map((w) => `${w.file}:${w.line} writes ${w.table}`);
    expect(stray).toEqual([]);
  });

  it('keeps every listed writer a writer (the map stays true)', () => {
    const stale = Object.entries(OWNERS).flatMap(([table, o]) =>
      o.writers
        .filter((file) => !writes.some((w) => w.table === table && w.file === file))
        .map((file) => `${file} no longer writes ${table}`),
    );
    expect(stale).toEqual([]);
  });

  it("lets no library write another library's table beyond the listed crossings", () => {
    const crossing = Object.entries(OWNERS).flatMap(([table, o]) =>
      o.writers.filter((file) => libraryOf(file) !== o.owner).map((file) => ({ table, file })),
    );
    expect(crossing.sort((a, b) => `${a.table}${a.file}`.localeCompare(`${b.table}${b.file}`))).toEqual(
      [...CROSSING].sort((a, b) => `${a.table}${a.file}`.localeCompare(`${b.table}${b.file}`)),
    );
  });

  it('gives every table the migrations create an owner, and no owner to a table that does not exist', () => {
    const dir = join(ROOT, 'libs/core/src/database/migrations');
    const created = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)/g))
        created.add(m[1]);
    }
    expect(Object.keys(OWNERS).sort()).toEqual([...created].sort());
  });
});
