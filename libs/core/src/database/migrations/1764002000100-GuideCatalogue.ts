import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The catalogue production starts with (version 1 of each procedure). Later edits are new
 * versions written by admins through the API; this migration never changes them.
 * Certificate templates use {{placeholders}} filled by the certificates library:
 * {{fullName}}, {{fullNameAr}}, {{cin}}, {{birthDate}}, {{address}}, {{annexName}}, {{annexNameAr}},
 * {{issueDate}}, {{trackingCode}} and {{form.<field key>}}.
 */

type L = { ar: string; fr: string; en: string };
const l = (ar: string, fr: string, en: string): L => ({ ar, fr, en });
const doc = (code: string, name: L, description: L) => ({ code, name, description });
const CIN = doc(
  'CIN',
  l('البطاقة الوطنية للتعريف الإلكترونية', "Carte nationale d'identité électronique", 'Electronic national identity card'),
  l('الأصل مع نسخة مصادق عليها', 'Original et une copie', 'Original and one copy'),
);
const PURPOSE = {
  key: 'purpose',
  type: 'choice',
  required: true,
  label: l('الغرض من الطلب', 'Motif de la demande', 'Purpose of the request'),
  options: [
    { value: 'administrative', label: l('ملف إداري', 'Dossier administratif', 'Administrative file') },
    { value: 'employment', label: l('ملف شغل', "Dossier d'emploi", 'Employment file') },
    { value: 'school', label: l('ملف مدرسي أو جامعي', 'Dossier scolaire ou universitaire', 'School or university file') },
    { value: 'bank', label: l('ملف بنكي', 'Dossier bancaire', 'Bank file') },
    { value: 'other', label: l('غرض آخر', 'Autre', 'Other') },
  ],
};

export const CATALOGUE = [
  {
    code: 'RESIDENCE',
    category: 'residence',
    name: l('شهادة السكنى', 'Certificat de résidence', 'Residence certificate'),
    description: l(
      'شهادة تثبت أن المعني بالأمر يقطن بالعنوان المصرح به داخل النفوذ الترابي للملحقة الإدارية، بعد بحث يجريه عون السلطة.',
      "Atteste que le demandeur réside à l'adresse déclarée dans le ressort de l'annexe administrative, après enquête de l'agent d'autorité.",
      'Certifies that the applicant lives at the declared address within the annex, after an inquiry by the local authority officer.',
    ),
    documents: [
      CIN,
      doc(
        'PROOF_OF_ADDRESS',
        l('إثبات العنوان', "Justificatif d'adresse", 'Proof of address'),
        l(
          'فاتورة الماء أو الكهرباء أو عقد الكراء أو شهادة الملكية',
          "Facture d'eau ou d'électricité, contrat de bail ou titre de propriété",
          'Water or electricity bill, lease or title deed',
        ),
      ),
    ],
    feeMad: 0,
    legalBasis: l(
      'الظهير الشريف رقم 1.02.297 المتعلق بالتنظيم الجماعي ومهام رجال السلطة',
      "Attributions des agents d'autorité (Dahir n° 1.02.297)",
      'Duties of local authority officers (Dahir No. 1.02.297)',
    ),
    slaHours: 24,
    channels: ['web', 'kiosk', 'counter', 'api'],
    inPerson: false,
    external: false,
    externalAgency: null,
    fields: [
      PURPOSE,
      { key: 'addressLine', type: 'text', required: true, label: l('العنوان الكامل', 'Adresse complète', 'Full address') },
      { key: 'residenceSince', type: 'date', required: true, label: l('تاريخ بداية السكن', 'Réside depuis le', 'Living there since') },
    ],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، المولود(ة) بتاريخ {{birthDate}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، يقطن بالعنوان: {{form.addressLine}} منذ {{form.residenceSince}}. سلمت هذه الشهادة بطلب من المعني(ة) بالأمر للإدلاء بها عند الحاجة بتاريخ {{issueDate}}.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, né(e) le {{birthDate}}, titulaire de la CIN n° {{cin}}, réside à l'adresse : {{form.addressLine}} depuis le {{form.residenceSince}}. Le présent certificat est délivré à l'intéressé(e) pour servir et valoir ce que de droit, le {{issueDate}}.",
    },
  },
  {
    code: 'LIFE',
    category: 'civil_status',
    name: l('شهادة الحياة', 'Certificat de vie', 'Life certificate'),
    description: l(
      'شهادة تثبت أن المعني بالأمر على قيد الحياة، تطلبها صناديق التقاعد والمؤسسات البنكية. تستوجب الحضور الشخصي.',
      "Atteste que l'intéressé est en vie ; demandé par les caisses de retraite et les banques. Présence personnelle obligatoire.",
      'Certifies that the person is alive; required by pension funds and banks. The applicant must appear in person.',
    ),
    documents: [CIN],
    feeMad: 0,
    legalBasis: l(
      'مسطرة إدارية معمول بها لدى صناديق التقاعد',
      'Procédure administrative des caisses de retraite',
      'Administrative practice of pension funds',
    ),
    slaHours: 4,
    channels: ['web', 'kiosk', 'counter'],
    inPerson: true,
    external: false,
    externalAgency: null,
    fields: [
      {
        key: 'recipientBody',
        type: 'choice',
        required: true,
        label: l('الجهة المرسل إليها', 'Organisme destinataire', 'Receiving body'),
        options: [
          { value: 'cmr', label: l('الصندوق المغربي للتقاعد', 'Caisse marocaine des retraites', 'Moroccan Pension Fund (CMR)') },
          { value: 'rcar', label: l('النظام الجماعي لمنح رواتب التقاعد', 'RCAR', 'RCAR') },
          { value: 'cnss', label: l('الصندوق الوطني للضمان الاجتماعي', 'CNSS', 'CNSS') },
          { value: 'bank', label: l('مؤسسة بنكية', 'Banque', 'Bank') },
          { value: 'foreign', label: l('صندوق تقاعد أجنبي', 'Caisse de retraite étrangère', 'Foreign pension fund') },
        ],
      },
      { key: 'pensionNumber', type: 'text', required: false, label: l('رقم المعاش', 'Numéro de pension', 'Pension number') },
    ],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، المولود(ة) بتاريخ {{birthDate}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، لا يزال على قيد الحياة إلى غاية {{issueDate}}، وقد حضر(ت) شخصيا.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, né(e) le {{birthDate}}, titulaire de la CIN n° {{cin}}, s'est présenté(e) en personne et est en vie à la date du {{issueDate}}.",
    },
  },
  {
    code: 'CELIBACY',
    category: 'civil_status',
    name: l('شهادة العزوبة', 'Certificat de célibat', 'Celibacy certificate'),
    description: l(
      'شهادة تثبت أن المعني بالأمر غير متزوج، بناء على تصريحه وبحث عون السلطة.',
      "Atteste que l'intéressé n'est pas marié, sur sa déclaration et après enquête de l'agent d'autorité.",
      'Certifies that the applicant is not married, on their declaration and after an inquiry by the local authority officer.',
    ),
    documents: [
      CIN,
      doc(
        'BIRTH_RECORD',
        l('نسخة كاملة من رسم الولادة', "Copie intégrale de l'acte de naissance", 'Full copy of the birth record'),
        l('لا يتعدى تاريخها ثلاثة أشهر', 'Datant de moins de trois mois', 'Issued less than three months ago'),
      ),
    ],
    feeMad: 0,
    legalBasis: l('مدونة الأسرة (القانون رقم 70.03)', 'Code de la famille (loi n° 70-03)', 'Family Code (Law No. 70-03)'),
    slaHours: 48,
    channels: ['web', 'kiosk', 'counter'],
    inPerson: false,
    external: false,
    externalAgency: null,
    fields: [PURPOSE],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، المولود(ة) بتاريخ {{birthDate}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، عازب(ة) ولم يسبق له (لها) الزواج حسب تصريحه (ها) والبحث المنجز. سلمت بتاريخ {{issueDate}}.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, né(e) le {{birthDate}}, titulaire de la CIN n° {{cin}}, est célibataire et n'a jamais été marié(e), selon sa déclaration et l'enquête effectuée. Délivré le {{issueDate}}.",
    },
  },
  {
    code: 'NON_REMARRIAGE',
    category: 'civil_status',
    name: l('شهادة عدم الزواج من جديد', 'Certificat de non-remariage', 'Non-remarriage certificate'),
    description: l(
      'شهادة تثبت أن الأرمل(ة) لم يتزوج(تتزوج) من جديد، تطلب لصرف معاش الأرامل.',
      "Atteste que le conjoint survivant ne s'est pas remarié ; exigé pour la pension de réversion.",
      "Certifies that a surviving spouse has not remarried; required for a survivor's pension.",
    ),
    documents: [
      CIN,
      doc(
        'DEATH_RECORD',
        l('رسم وفاة الزوج(ة)', 'Acte de décès du conjoint', 'Death record of the spouse'),
        l('نسخة موجزة', 'Extrait', 'Extract'),
      ),
      doc(
        'MARRIAGE_RECORD',
        l('عقد الزواج', 'Acte de mariage', 'Marriage record'),
        l('نسخة مصادق عليها', 'Copie certifiée conforme', 'Certified copy'),
      ),
    ],
    feeMad: 0,
    legalBasis: l('النصوص المنظمة لمعاشات ذوي الحقوق', 'Textes régissant les pensions de réversion', "Rules governing survivors' pensions"),
    slaHours: 48,
    channels: ['web', 'kiosk', 'counter'],
    inPerson: false,
    external: false,
    externalAgency: null,
    fields: [
      {
        key: 'spouseFullName',
        type: 'text',
        required: true,
        label: l('الاسم الكامل للزوج(ة) المتوفى(ة)', 'Nom complet du conjoint décédé', 'Full name of the deceased spouse'),
      },
      { key: 'spouseDeathDate', type: 'date', required: true, label: l('تاريخ الوفاة', 'Date du décès', 'Date of death') },
    ],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، أرمل(ة) المرحوم(ة) {{form.spouseFullName}} المتوفى(ة) بتاريخ {{form.spouseDeathDate}}، لم يتزوج(تتزوج) من جديد إلى غاية {{issueDate}}.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, titulaire de la CIN n° {{cin}}, veuf/veuve de feu(e) {{form.spouseFullName}} décédé(e) le {{form.spouseDeathDate}}, ne s'est pas remarié(e) à la date du {{issueDate}}.",
    },
  },
  {
    code: 'INCOME',
    category: 'social',
    name: l('شهادة الدخل أو الاحتياج', "Certificat de revenu ou d'indigence", 'Income or indigence certificate'),
    description: l(
      'شهادة تبين الدخل الشهري للأسرة أو حالة الاحتياج، تطلب للمنح الدراسية والمساعدة القضائية والتغطية الصحية.',
      "Indique le revenu mensuel du foyer ou l'état d'indigence ; demandé pour les bourses, l'assistance judiciaire et la couverture médicale.",
      "States the household's monthly income or its indigence; required for scholarships, legal aid and health cover.",
    ),
    documents: [
      CIN,
      doc(
        'FAMILY_BOOK',
        l('الدفتر العائلي', 'Livret de famille', 'Family record book'),
        l('نسخة من الصفحات المملوءة', 'Copie des pages remplies', 'Copy of the filled pages'),
      ),
      doc(
        'INCOME_PROOF',
        l('إثبات الدخل أو تصريح بالشرف', "Justificatif de revenu ou déclaration sur l'honneur", 'Proof of income or sworn statement'),
        l('ورقة الأجر أو شهادة عدم الشغل', 'Bulletin de paie ou attestation de non-emploi', 'Payslip or certificate of unemployment'),
      ),
    ],
    feeMad: 0,
    legalBasis: l(
      'القانون رقم 65.00 بمثابة مدونة التغطية الصحية الأساسية',
      'Loi n° 65-00 portant code de la couverture médicale de base',
      'Law No. 65-00 on basic health cover',
    ),
    slaHours: 72,
    channels: ['web', 'kiosk', 'counter'],
    inPerson: false,
    external: false,
    externalAgency: null,
    fields: [
      {
        key: 'purpose',
        type: 'choice',
        required: true,
        label: l('الغرض من الطلب', 'Motif de la demande', 'Purpose of the request'),
        options: [
          { value: 'scholarship', label: l('منحة دراسية', "Bourse d'études", 'Scholarship') },
          { value: 'health', label: l('تغطية صحية', 'Couverture médicale', 'Health cover') },
          { value: 'legal_aid', label: l('مساعدة قضائية', 'Assistance judiciaire', 'Legal aid') },
          { value: 'other', label: l('غرض آخر', 'Autre', 'Other') },
        ],
      },
      {
        key: 'householdSize',
        type: 'number',
        required: true,
        label: l('عدد أفراد الأسرة', 'Nombre de personnes au foyer', 'Household size'),
      },
      {
        key: 'monthlyIncomeMad',
        type: 'number',
        required: true,
        label: l('الدخل الشهري (درهم)', 'Revenu mensuel (MAD)', 'Monthly income (MAD)'),
      },
    ],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، يعيل أسرة من {{form.householdSize}} أفراد بدخل شهري قدره {{form.monthlyIncomeMad}} درهم حسب البحث المنجز. سلمت بتاريخ {{issueDate}}.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, titulaire de la CIN n° {{cin}}, a la charge d'un foyer de {{form.householdSize}} personnes pour un revenu mensuel de {{form.monthlyIncomeMad}} MAD, selon l'enquête effectuée. Délivré le {{issueDate}}.",
    },
  },
  {
    code: 'FAMILY_SUPPORT',
    category: 'social',
    name: l(
      'شهادة إدارية بالتحمل العائلي',
      'Attestation administrative de prise en charge familiale',
      'Administrative certificate of family support',
    ),
    description: l(
      'شهادة تثبت أن المعني بالأمر يتكفل بأفراد من أسرته، تطلب للتعويضات العائلية والملفات الاجتماعية.',
      'Atteste que le demandeur a des membres de sa famille à sa charge ; demandée pour les allocations familiales et les dossiers sociaux.',
      'Certifies that the applicant supports members of their family; required for family allowances and social files.',
    ),
    documents: [
      CIN,
      doc(
        'FAMILY_BOOK',
        l('الدفتر العائلي', 'Livret de famille', 'Family record book'),
        l('نسخة من الصفحات المملوءة', 'Copie des pages remplies', 'Copy of the filled pages'),
      ),
      doc(
        'BIRTH_RECORDS',
        l('رسوم ولادة الأبناء', 'Actes de naissance des enfants', "Children's birth records"),
        l('نسخ موجزة', 'Extraits', 'Extracts'),
      ),
    ],
    feeMad: 0,
    legalBasis: l(
      'مدونة الأسرة، الكتاب الثالث: النفقة',
      'Code de la famille, livre III : la pension alimentaire',
      'Family Code, Book III: maintenance',
    ),
    slaHours: 48,
    channels: ['web', 'kiosk', 'counter'],
    inPerson: false,
    external: false,
    externalAgency: null,
    fields: [
      {
        key: 'dependentsCount',
        type: 'number',
        required: true,
        label: l('عدد الأشخاص المتكفل بهم', 'Nombre de personnes à charge', 'Number of dependants'),
      },
      {
        key: 'dependentsNames',
        type: 'text',
        required: true,
        label: l('أسماء الأشخاص المتكفل بهم', 'Noms des personnes à charge', 'Names of the dependants'),
      },
    ],
    issuesCertificate: true,
    certificateTemplate: {
      ar: 'يشهد قائد {{annexNameAr}} أن السيد(ة) {{fullNameAr}}، الحامل(ة) للبطاقة الوطنية رقم {{cin}}، يتكفل بـ {{form.dependentsCount}} أشخاص وهم: {{form.dependentsNames}}. سلمت بتاريخ {{issueDate}}.',
      fr: "Le caïd de l'{{annexName}} certifie que M./Mme {{fullName}}, titulaire de la CIN n° {{cin}}, a à sa charge {{form.dependentsCount}} personne(s) : {{form.dependentsNames}}. Délivrée le {{issueDate}}.",
    },
  },
  {
    code: 'PASSPORT',
    category: 'travel',
    name: l('إيداع طلب جواز السفر البيومتري', 'Dépôt de demande de passeport biométrique', 'Biometric passport application intake'),
    description: l(
      'تتلقى الملحقة الإدارية ملف طلب جواز السفر وتحيله على المديرية العامة للأمن الوطني، ثم تسلم الجواز للمعني بالأمر عند وصوله.',
      "L'annexe reçoit le dossier de demande de passeport, le transmet à la Direction générale de la Sûreté nationale et remet le passeport au demandeur à son arrivée.",
      'The annex takes in the passport application, forwards it to the General Directorate for National Security and hands the passport over when it arrives.',
    ),
    documents: [
      CIN,
      doc(
        'TAX_STAMP',
        l('تنبر جبائي بقيمة 500 درهم', 'Timbre fiscal de 500 MAD', 'Tax stamp of 500 MAD'),
        l('إلكتروني أو ورقي', 'Électronique ou papier', 'Electronic or paper'),
      ),
      doc(
        'APPLICATION_FORM',
        l('استمارة الطلب', 'Formulaire de demande', 'Application form'),
        l('معبأة وموقعة من الموقع passeport.ma', 'Remplie et signée depuis passeport.ma', 'Filled in and signed from passeport.ma'),
      ),
      doc(
        'OLD_PASSPORT',
        l('جواز السفر القديم', 'Ancien passeport', 'Previous passport'),
        l('في حالة التجديد', 'En cas de renouvellement', 'When renewing'),
      ),
    ],
    feeMad: 500,
    legalBasis: l('القانون رقم 54.17 المتعلق بجوازات السفر', 'Loi n° 54-17 relative aux passeports', 'Law No. 54-17 on passports'),
    slaHours: 16,
    channels: ['web', 'counter'],
    inPerson: true,
    external: true,
    externalAgency: l(
      'المديرية العامة للأمن الوطني',
      'Direction générale de la Sûreté nationale',
      'General Directorate for National Security',
    ),
    fields: [
      {
        key: 'applicationType',
        type: 'choice',
        required: true,
        label: l('نوع الطلب', 'Type de demande', 'Type of application'),
        options: [
          { value: 'first', label: l('طلب أول', 'Première demande', 'First application') },
          { value: 'renewal', label: l('تجديد', 'Renouvellement', 'Renewal') },
          { value: 'minor', label: l('جواز قاصر', 'Passeport de mineur', "Minor's passport") },
        ],
      },
      {
        key: 'previousPassportNumber',
        type: 'text',
        required: false,
        label: l('رقم الجواز السابق', "Numéro de l'ancien passeport", 'Previous passport number'),
      },
      { key: 'stampNumber', type: 'text', required: true, label: l('رقم التنبر', 'Numéro du timbre', 'Stamp number') },
    ],
    issuesCertificate: false,
    certificateTemplate: null,
  },
  {
    code: 'FIREARM',
    category: 'permits',
    name: l('إيداع طلب رخصة حمل السلاح', "Dépôt de demande de permis de port d'arme", 'Firearm licence application intake'),
    description: l(
      'تتلقى الملحقة الإدارية ملف طلب رخصة حيازة وحمل سلاح الصيد وتحيله على عمالة الإقليم بعد البحث الإداري.',
      "L'annexe reçoit le dossier de demande de permis de détention et de port d'arme de chasse et le transmet à la province après enquête administrative.",
      'The annex takes in the application for a hunting firearm licence and forwards it to the province after an administrative inquiry.',
    ),
    documents: [
      CIN,
      doc(
        'CRIMINAL_RECORD',
        l('بطاقة السوابق العدلية', 'Extrait du casier judiciaire', 'Criminal record extract'),
        l('لا يتعدى تاريخها ثلاثة أشهر', 'Datant de moins de trois mois', 'Issued less than three months ago'),
      ),
      doc(
        'MEDICAL_CERTIFICATE',
        l('شهادة طبية', 'Certificat médical', 'Medical certificate'),
        l('تثبت السلامة البدنية والعقلية', "Attestant l'aptitude physique et mentale", 'Attesting physical and mental fitness'),
      ),
      doc('HUNTING_PERMIT', l('رخصة الصيد', 'Permis de chasse', 'Hunting permit'), l('سارية المفعول', 'En cours de validité', 'Valid')),
    ],
    feeMad: 0,
    legalBasis: l(
      'الظهير الشريف المنظم للأسلحة والذخيرة',
      'Dahir réglementant les armes et munitions',
      'Dahir regulating weapons and ammunition',
    ),
    slaHours: 40,
    channels: ['counter'],
    inPerson: true,
    external: true,
    externalAgency: l('العمالة أو الإقليم', 'Province (ou préfecture)', 'Province (or prefecture)'),
    fields: [
      {
        key: 'weaponType',
        type: 'choice',
        required: true,
        label: l('نوع السلاح', "Type d'arme", 'Type of weapon'),
        options: [
          { value: 'shotgun', label: l('بندقية صيد', 'Fusil de chasse', 'Hunting shotgun') },
          { value: 'rifle', label: l('بندقية ذات ماسورة محلزنة', 'Carabine', 'Rifle') },
        ],
      },
      {
        key: 'huntingPermitNumber',
        type: 'text',
        required: true,
        label: l('رقم رخصة الصيد', 'Numéro du permis de chasse', 'Hunting permit number'),
      },
    ],
    issuesCertificate: false,
    certificateTemplate: null,
  },
];

export class GuideCatalogue1764002000100 implements MigrationInterface {
  name = 'GuideCatalogue1764002000100';

  async up(q: QueryRunner): Promise<void> {
    for (const p of CATALOGUE) {
      await q.query(`INSERT INTO procedure (code, category) VALUES ($1, $2)`, [p.code, p.category]);
      const [v] = await q.query(
        `INSERT INTO procedure_version (procedure_code, version, category, name, description, documents, fee_mad, legal_basis, sla_hours,
                                        channels, in_person, external, external_agency, fields, issues_certificate, certificate_template)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          p.code,
          p.category,
          p.name,
          p.description,
          JSON.stringify(p.documents),
          p.feeMad,
          p.legalBasis,
          p.slaHours,
          p.channels,
          p.inPerson,
          p.external,
          p.externalAgency,
          JSON.stringify(p.fields),
          p.issuesCertificate,
          p.certificateTemplate,
        ],
      );
      await q.query(`UPDATE procedure SET current_version_id = $1 WHERE code = $2`, [v.id, p.code]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const codes = CATALOGUE.map((p) => p.code);
    await q.query(`UPDATE procedure SET current_version_id = NULL WHERE code = ANY($1)`, [codes]);
    await q.query(`DELETE FROM procedure_version WHERE procedure_code = ANY($1)`, [codes]);
    await q.query(`DELETE FROM procedure WHERE code = ANY($1)`, [codes]);
  }
}
