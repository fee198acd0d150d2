import type { Schemas } from '@annex/api-client';
import { useT } from '../i18n';
import { Choice, SelectField, TextInput } from '../ui';

export type Answers = Omit<Schemas['SignupDto'], 'email' | 'addressLine'> & { email: string; addressLine: string };
export type Key = keyof Answers;

/** One topic per page (GOV.UK): identity, names, contact, residence, alerts; then check, then the SMS code. */
export const STEPS: { id: string; fields: Key[] }[] = [
  { id: 'identity', fields: ['cin', 'birthDate', 'sex'] },
  { id: 'names', fields: ['firstName', 'lastName', 'firstNameAr', 'lastNameAr'] },
  { id: 'contact', fields: ['phone', 'email'] },
  { id: 'residence', fields: ['neighbourhoodId', 'addressLine'] },
  { id: 'alerts', fields: ['preferredLanguage', 'preferredChannel'] },
];

/** The questions of one sign-up page. */
export function SignupStep({
  stage,
  answers: a,
  set,
  errorOf,
  label,
  neighbourhoods,
}: {
  stage: string;
  answers: Answers;
  set: (k: Key) => (v: string) => void;
  errorOf: (field: string) => string | undefined;
  label: (k: string) => string;
  neighbourhoods: Schemas['NeighbourhoodDto'][];
}) {
  const { t, lang } = useT();
  return (
    <>
      {stage === 'identity' && (
        <>
          <TextInput
            id="cin"
            label={label('cin')}
            hint={t('track.cinHint')}
            value={a.cin}
            onChange={set('cin')}
            error={errorOf('cin')}
            dir="ltr"
            autoComplete="off"
          />
          <TextInput
            id="birthDate"
            label={label('birthDate')}
            type="date"
            value={a.birthDate}
            onChange={set('birthDate')}
            error={errorOf('birthDate')}
            autoComplete="bday"
          />
          <Choice
            id="sex"
            label={label('sex')}
            value={a.sex}
            onChange={set('sex')}
            error={errorOf('sex')}
            options={(['F', 'M'] as const).map((s) => ({ value: s, label: t(`signup.sex.${s}`) }))}
          />
        </>
      )}
      {stage === 'names' && (
        <>
          <TextInput
            id="firstName"
            label={label('firstName')}
            value={a.firstName}
            onChange={set('firstName')}
            error={errorOf('firstName')}
            dir="ltr"
            autoComplete="given-name"
          />
          <TextInput
            id="lastName"
            label={label('lastName')}
            value={a.lastName}
            onChange={set('lastName')}
            error={errorOf('lastName')}
            dir="ltr"
            autoComplete="family-name"
          />
          <TextInput
            id="firstNameAr"
            label={label('firstNameAr')}
            value={a.firstNameAr}
            onChange={set('firstNameAr')}
            error={errorOf('firstNameAr')}
            dir="rtl"
          />
          <TextInput
            id="lastNameAr"
            label={label('lastNameAr')}
            value={a.lastNameAr}
            onChange={set('lastNameAr')}
            error={errorOf('lastNameAr')}
            dir="rtl"
          />
        </>
      )}
      {stage === 'contact' && (
        <>
          <TextInput
            id="phone"
            label={label('phone')}
            hint={t('signup.phoneHint')}
            type="tel"
            inputMode="tel"
            value={a.phone}
            onChange={set('phone')}
            error={errorOf('phone')}
            dir="ltr"
            autoComplete="tel"
          />
          <TextInput
            id="email"
            label={`${label('email')} ${t('optional')}`}
            type="email"
            inputMode="email"
            value={a.email}
            onChange={set('email')}
            error={errorOf('email')}
            dir="ltr"
            autoComplete="email"
          />
        </>
      )}
      {stage === 'residence' && (
        <>
          <SelectField
            id="neighbourhoodId"
            label={label('neighbourhoodId')}
            placeholder={t('signup.choose')}
            value={a.neighbourhoodId}
            onChange={set('neighbourhoodId')}
            error={errorOf('neighbourhoodId')}
            options={neighbourhoods.map((n) => ({ value: n.id, label: lang === 'ar' ? n.nameAr : n.nameFr }))}
          />
          <TextInput
            id="addressLine"
            label={`${label('addressLine')} ${t('optional')}`}
            value={a.addressLine}
            onChange={set('addressLine')}
            error={errorOf('addressLine')}
            autoComplete="street-address"
          />
        </>
      )}
      {stage === 'alerts' && (
        <>
          <Choice
            id="preferredLanguage"
            label={label('preferredLanguage')}
            value={a.preferredLanguage}
            onChange={set('preferredLanguage')}
            options={(['ar', 'fr', 'en', 'zgh'] as const).map((l) => ({ value: l, label: t(`lang.${l}`) }))}
          />
          <Choice
            id="preferredChannel"
            label={label('preferredChannel')}
            value={a.preferredChannel}
            onChange={set('preferredChannel')}
            options={(['sms', 'email', 'both'] as const).map((c) => ({ value: c, label: t(`channelPref.${c}`) }))}
          />
        </>
      )}
    </>
  );
}
