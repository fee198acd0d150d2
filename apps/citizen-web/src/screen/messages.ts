/**
 * The display screen's texts (ICU). The waiting room reads Arabic and French side by side, so the
 * screen formats each message in every language it shows (`?lang=ar,fr` by default).
 */
export const SCREEN_LANGS = ['ar', 'fr', 'en', 'zgh'] as const;
export type ScreenLang = (typeof SCREEN_LANGS)[number];

export type ScreenMessageKey =
  | 'title'
  | 'nowServing'
  | 'counter'
  | 'ticket'
  | 'earlierCalls'
  | 'noCallYet'
  | 'servicesMap'
  | 'spoken'
  | 'pairTitle'
  | 'pairIntro'
  | 'username'
  | 'password'
  | 'pair'
  | 'pairFailed'
  | 'enableSound'
  | 'offline'
  | 'emptyPlaylist'
  | 'appointment'
  | 'waitsTitle'
  | 'groupWait';

export const SCREEN_MESSAGES: Record<ScreenLang, Record<ScreenMessageKey, string>> = {
  ar: {
    title: 'الملحقة الإدارية',
    nowServing: 'الرقم المنادى عليه',
    counter: 'الشباك {counter}',
    ticket: 'الرقم',
    earlierCalls: 'النداءات السابقة',
    noCallYet: 'لا يوجد نداء بعد',
    servicesMap: 'دليل الشبابيك',
    spoken: 'الرقم {number}، المرجو التوجه إلى الشباك رقم {counter}',
    pairTitle: 'ربط شاشة العرض',
    pairIntro: 'أدخل حساب جهاز العرض الذي سلمته الإدارة. يتم ذلك مرة واحدة.',
    username: 'اسم المستخدم',
    password: 'كلمة المرور',
    pair: 'ربط الشاشة',
    pairFailed: 'تعذر الربط: تحقق من الحساب.',
    enableSound: 'تفعيل الصوت',
    offline: 'انقطع الاتصال، جار إعادة المحاولة…',
    emptyPlaylist: 'مرحبا بكم',
    appointment: 'موعد',
    waitsTitle: 'مدة الانتظار المتوقعة',
    groupWait: 'الفئة {group}: {minutes} دقيقة',
  },
  fr: {
    title: 'Annexe administrative',
    nowServing: 'Numéro appelé',
    counter: 'Guichet {counter}',
    ticket: 'Ticket',
    earlierCalls: 'Appels précédents',
    noCallYet: 'Aucun appel pour le moment',
    servicesMap: 'Plan des guichets',
    spoken: 'Le numéro {number} est attendu au guichet {counter}',
    pairTitle: "Associer l'écran",
    pairIntro: "Saisissez le compte d'affichage remis par l'administration. Cela ne se fait qu'une fois.",
    username: "Nom d'utilisateur",
    password: 'Mot de passe',
    pair: "Associer l'écran",
    pairFailed: 'Association impossible : vérifiez le compte.',
    enableSound: 'Activer le son',
    offline: 'Connexion perdue, nouvelle tentative…',
    emptyPlaylist: 'Bienvenue',
    appointment: 'Rendez-vous',
    waitsTitle: 'Attente estimée',
    groupWait: 'Groupe {group} : {minutes} min',
  },
  en: {
    title: 'Administrative annex',
    nowServing: 'Now serving',
    counter: 'Counter {counter}',
    ticket: 'Ticket',
    earlierCalls: 'Earlier calls',
    noCallYet: 'No call yet',
    servicesMap: 'Counter map',
    spoken: 'Number {number}, please go to counter {counter}',
    pairTitle: 'Pair this screen',
    pairIntro: 'Enter the display account the administration gave you. This is done once.',
    username: 'Username',
    password: 'Password',
    pair: 'Pair the screen',
    pairFailed: 'Pairing failed: check the account.',
    enableSound: 'Enable sound',
    offline: 'Connection lost, retrying…',
    emptyPlaylist: 'Welcome',
    appointment: 'Appointment',
    waitsTitle: 'Estimated wait',
    groupWait: 'Group {group}: {minutes} min',
  },
  // Every Tamazight text awaits a native speaker's review (SCREEN_REVIEW below).
  zgh: {
    title: 'ⵜⴰⵎⵔⵏⵉⵜ ⵜⴰⵏⴱⴹⴰⵏⵜ',
    nowServing: 'ⵓⵟⵟⵓⵏ ⵉⵜⵜⵓⵖⵔⴰⵏ',
    counter: 'ⴰⵛⵓⴱⴱⴰⴽ {counter}',
    ticket: 'ⵜⴰⵡⵔⵉⵇⵜ',
    earlierCalls: 'ⵉⵖⵔⵉⵡⵏ ⵉⵣⵔⵉⵏ',
    noCallYet: 'ⵓⵔ ⵉⵍⵍⵉ ⴽⵔⴰ ⵏ ⵓⵖⵔⵉ ⴷⵖⵉ',
    servicesMap: 'ⴰⵎⴰⵢⵏⵓ ⵏ ⵉⵛⵓⴱⴱⴰⴽⵏ',
    spoken: 'ⵓⵟⵟⵓⵏ {number}, ⵣⵔⵉ ⵖⵔ ⵓⵛⵓⴱⴱⴰⴽ {counter}',
    pairTitle: 'ⵣⴷⵉ ⴰⴳⴷⵉⵍ ⴰⴷ',
    pairIntro: 'ⴰⵔⵓ ⴰⵎⵉⴹⴰⵏ ⵏ ⵓⴳⴷⵉⵍ ⵍⵍⵉ ⴽ ⵢⵓⴼⴽⴰ ⵓⵏⴱⴹ. ⵉⵜⵜⵓⴳⴰ ⵢⴰⵜ ⵜⵉⴽⴽⵍⵜ.',
    username: 'ⵉⵙⵎ ⵏ ⵓⵙⵎⵔⵙ',
    password: 'ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ',
    pair: 'ⵣⴷⵉ ⴰⴳⴷⵉⵍ',
    pairFailed: 'ⵓⵔ ⵉⵜⵜⵓⵣⴷⴰ: ⵙⵙⵏⵇⴷ ⴰⵎⵉⴹⴰⵏ.',
    enableSound: 'ⵙⵙⴽⵔ ⵉⵎⵙⵍⵉ',
    offline: 'ⵉⴱⴱⵉ ⵓⵣⴷⴰⵢ, ⴰⵍⵙ…',
    emptyPlaylist: 'ⴰⵏⵙⵓⴼ ⵢⵉⵙⵡⵏ',
    appointment: 'ⴰⵎⵙⴰⵡⴰⴹ',
    waitsTitle: 'ⴰⵣⵎⵣ ⵏ ⵓⵔⵊⵓ',
    groupWait: 'ⴰⴳⵔⴰⵡ {group}: {minutes} ⵜⵓⵙⴷⵉⴷⵉⵏ',
  },
};

/** Texts still to be checked by a native speaker, per language (listed by `npm run i18n:zgh-report`). */
export const SCREEN_REVIEW: Partial<Record<ScreenLang, readonly ScreenMessageKey[]>> = {
  zgh: Object.keys(SCREEN_MESSAGES.zgh) as ScreenMessageKey[],
};

/** BCP 47 tags for Intl: Moroccan Arabic written with Western digits (speech: ../spoken.ts). */
export const LOCALE: Record<ScreenLang, string> = { ar: 'ar-MA-u-nu-latn', fr: 'fr-MA', en: 'en-GB', zgh: 'zgh-MA-u-nu-latn' };
