import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../libs/accounts/src/auth/passwords';
import { enrolSecondFactor } from './second-factor';
import { DEMO_PASSWORD } from './app';

let seq = 0;
const unique = () => `${process.env.JEST_WORKER_ID ?? 1}${Date.now().toString().slice(-5)}${(seq++ % 100).toString().padStart(2, '0')}`;

export async function demoAnnexId(db: DataSource): Promise<string> {
  const [row] = await db.query(`SELECT id FROM annex WHERE code = 'BRK5'`);
  return row.id;
}

/** A unique valid CIN, e.g. `ZT1234567`. */
export function newCin(): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return letters[randomInt(letters.length)] + letters[randomInt(letters.length)] + unique().slice(-8);
}

export function newPhone(): string {
  return `+2126${unique().slice(-8).padStart(8, '0')}`;
}

export interface NewCitizen {
  id: string;
  cin: string;
  phone: string;
  password: string;
}

/** An active citizen with a password, in the demo annex. */
export async function newCitizen(db: DataSource, overrides: Record<string, unknown> = {}): Promise<NewCitizen> {
  const annexId = await demoAnnexId(db);
  const cin = (overrides.cin as string) ?? newCin();
  const phone = (overrides.phone as string) ?? newPhone();
  const password = (overrides.password as string) ?? DEMO_PASSWORD;
  const [nb] = await db.query(`SELECT id FROM neighbourhood WHERE annex_id = $1 ORDER BY code LIMIT 1`, [annexId]);
  const [row] = await db.query(
    `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone,
                          neighbourhood_id, preferred_language, preferred_channel, password_hash, status)
     VALUES ($1, $2, 'Test', 'Citoyen', 'اختبار', 'مواطن', $3, $4, $5, $6, $7, 'sms', $8, 'active') RETURNING id`,
    [
      annexId,
      cin,
      overrides.birthDate ?? '1985-06-15',
      overrides.sex ?? 'M',
      phone,
      overrides.neighbourhoodId ?? nb.id,
      overrides.preferredLanguage ?? 'fr',
      await hashPassword(password),
    ],
  );
  return { id: row.id, cin, phone, password };
}

/** A staff account; an admin or supervisor has the test app's second factor unless `secondFactor` is false. */
export async function newStaff(
  db: DataSource,
  role: string,
  username = `${role}${unique()}`,
  secondFactor = true,
): Promise<{ id: string; username: string }> {
  const annexId = role === 'admin' ? null : await demoAnnexId(db);
  const [row] = await db.query(
    `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [annexId ?? (await demoAnnexId(db)), username, `Test ${role}`, role, await hashPassword(DEMO_PASSWORD)],
  );
  if (secondFactor && (role === 'admin' || role === 'supervisor')) await enrolSecondFactor(db, row.id);
  return { id: row.id, username };
}
