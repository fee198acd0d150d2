/**
 * Demo data, idempotent: the Berkane annex (BRK5), its neighbourhoods and counters, one staff
 * or device account of every role, and a demo citizen. Every password is $DEMO_PASSWORD.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/core/src/database/data-source-options';
import { hashPassword } from '../libs/accounts/src/auth/passwords';

export const DEMO_DEFAULT_PASSWORD = 'Annexe2026!';

export const DEMO_STAFF = [
  { username: 'admin', fullName: 'Administrateur Annexe 5', fullNameAr: 'مسير الملحقة الخامسة', role: 'admin' },
  { username: 'supervisor', fullName: 'Karima Benali', fullNameAr: 'كريمة بنعلي', role: 'supervisor' },
  { username: 'agent1', fullName: 'Youssef El Idrissi', fullNameAr: 'يوسف الإدريسي', role: 'agent' },
  { username: 'agent2', fullName: 'Fatima Zahra Amrani', fullNameAr: 'فاطمة الزهراء العمراني', role: 'agent' },
  { username: 'reception', fullName: 'Said Ouazzani', fullNameAr: 'سعيد الوزاني', role: 'reception' },
  { username: 'kiosk', fullName: 'Borne GAU — entrée', role: 'kiosk' },
  { username: 'display', fullName: "Écran salle d'attente", role: 'display' },
] as const;

export const DEMO_CITIZEN_CIN = 'BK123456';

/** A province-wide admin (no annex): onboards and opens annexes (POST /annexes). */
export const DEMO_PROVINCE_ADMIN = { username: 'province', fullName: 'Administrateur provincial', role: 'admin' } as const;

/** The demo annex's identity: every paper and message of BRK5 reads it from its row. */
export const DEMO_ANNEX = {
  code: 'BRK5',
  nameAr: 'الملحقة الإدارية الخامسة',
  nameFr: 'Annexe administrative n°5',
  province: 'Province de Berkane',
  provinceAr: 'إقليم بركان',
  pachalik: 'Pachalik de Berkane',
  pachalikAr: 'باشوية بركان',
  cityFr: 'Berkane',
  cityAr: 'بركان',
  address: 'Boulevard Mohammed V, Berkane',
  addressAr: 'شارع محمد الخامس، بركان',
  phone: '+212536610000',
  signatoryTitleFr: "Le Caïd de l'annexe administrative n°5",
  signatoryTitleAr: 'قائد الملحقة الإدارية الخامسة',
  openingHours: {
    mon: ['08:30', '16:30'],
    tue: ['08:30', '16:30'],
    wed: ['08:30', '16:30'],
    thu: ['08:30', '16:30'],
    fri: ['08:30', '16:30'],
  },
};

const NEIGHBOURHOODS = [
  ['HAY-QODS', 'حي القدس', 'Hay Al Qods'],
  ['HAY-MASSIRA', 'حي المسيرة', 'Hay Al Massira'],
  ['HAY-NAHDA', 'حي النهضة', 'Hay Ennahda'],
  ['HAY-ANDALOUS', 'حي الأندلس', 'Hay Al Andalous'],
  ['HAY-SALAM', 'حي السلام', 'Hay Essalam'],
  ['LALLA-MERYEM', 'حي للا مريم', 'Lalla Meryem'],
  ['HAY-WAHDA', 'حي الوحدة', 'Hay Al Wahda'],
  ['HAY-RIAD', 'حي الرياض', 'Hay Riad'],
];

export async function seedDemo(ds: DataSource, password: string): Promise<{ annexId: string }> {
  const hash = await hashPassword(password);
  return ds.transaction(async (m) => {
    const a = DEMO_ANNEX;
    const [annex] = await m.query(
      `INSERT INTO annex (code, name_ar, name_fr, province, province_ar, pachalik, pachalik_ar, city_fr, city_ar, address, address_ar, phone,
                          signatory_title_fr, signatory_title_ar, opening_hours, status, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', now())
       ON CONFLICT (code) DO UPDATE SET name_fr = EXCLUDED.name_fr, province = EXCLUDED.province, province_ar = EXCLUDED.province_ar,
         pachalik = EXCLUDED.pachalik, pachalik_ar = EXCLUDED.pachalik_ar, city_fr = EXCLUDED.city_fr, city_ar = EXCLUDED.city_ar,
         address = EXCLUDED.address, address_ar = EXCLUDED.address_ar, phone = EXCLUDED.phone,
         signatory_title_fr = EXCLUDED.signatory_title_fr, signatory_title_ar = EXCLUDED.signatory_title_ar
       RETURNING id`,
      [
        a.code,
        a.nameAr,
        a.nameFr,
        a.province,
        a.provinceAr,
        a.pachalik,
        a.pachalikAr,
        a.cityFr,
        a.cityAr,
        a.address,
        a.addressAr,
        a.phone,
        a.signatoryTitleFr,
        a.signatoryTitleAr,
        JSON.stringify(a.openingHours),
      ],
    );
    const annexId: string = annex.id;
    for (const [code, ar, fr] of NEIGHBOURHOODS) {
      await m.query(
        `INSERT INTO neighbourhood (annex_id, code, name_ar, name_fr) VALUES ($1, $2, $3, $4)
         ON CONFLICT (annex_id, code) DO NOTHING`,
        [annexId, code, ar, fr],
      );
    }
    const groups = [['A'], ['A', 'C'], ['B'], ['A', 'B', 'C']];
    for (let n = 1; n <= 4; n++) {
      await m.query(
        `INSERT INTO counter (annex_id, number, label, groups) VALUES ($1, $2, $3, $4)
         ON CONFLICT (annex_id, number) DO NOTHING`,
        [annexId, n, `Guichet ${n}`, groups[n - 1]],
      );
    }
    for (const s of DEMO_STAFF) {
      await m.query(
        // The Arabic name also reaches demo data loaded before it existed.
        `INSERT INTO staff (annex_id, username, full_name, role, password_hash, full_name_ar) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (username) DO UPDATE SET full_name_ar = COALESCE(staff.full_name_ar, EXCLUDED.full_name_ar)`,
        [annexId, s.username, s.fullName, s.role, hash, 'fullNameAr' in s ? s.fullNameAr : null],
      );
    }
    // Bookable visits: filing a passport dossier (group B, 20 min) and collecting a certificate (group A, 10 min).
    for (const [code, grp, minutes, counters] of [
      ['PASSPORT', 'B', 20, 2],
      ['RESIDENCE', 'A', 10, 2],
    ] as const) {
      await m.query(
        `INSERT INTO bookable_service (annex_id, procedure_code, grp, visit_minutes, counters) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (annex_id, procedure_code) DO NOTHING`,
        [annexId, code, grp, minutes, counters],
      );
    }
    await m.query(
      `INSERT INTO staff (annex_id, username, full_name, role, password_hash) VALUES (NULL, $1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
      [DEMO_PROVINCE_ADMIN.username, DEMO_PROVINCE_ADMIN.fullName, DEMO_PROVINCE_ADMIN.role, hash],
    );
    const [qods] = await m.query(`SELECT id FROM neighbourhood WHERE annex_id = $1 AND code = 'HAY-QODS'`, [annexId]);
    await m.query(
      `INSERT INTO citizen (annex_id, cin, first_name, last_name, first_name_ar, last_name_ar, birth_date, sex, phone, email,
                            neighbourhood_id, address_line, preferred_language, preferred_channel, password_hash, status, residence_from)
       VALUES ($1, $2, 'Amina', 'Berrada', 'أمينة', 'برادة', '1990-04-12', 'F', '+212612345678', 'amina.berrada@example.ma',
               $3, '12 rue Al Qods', 'fr', 'both', $4, 'active', '2015-09-01')
       ON CONFLICT (cin) DO NOTHING`,
      [annexId, DEMO_CITIZEN_CIN, qods.id, hash],
    );
    return { annexId };
  });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('Invalid configuration: DATABASE_URL is required\n');
    process.exit(78);
  }
  const password = process.env.DEMO_PASSWORD || DEMO_DEFAULT_PASSWORD;
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await seedDemo(ds, password);
    process.stdout.write(
      `demo data loaded: annex BRK5, staff ${DEMO_STAFF.map((s) => s.username).join(', ')}, citizen ${DEMO_CITIZEN_CIN}\n`,
    );
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
