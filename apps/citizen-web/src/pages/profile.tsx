import { FormEvent, useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Link } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { api, unwrap } from '../api';
import { useT } from '../i18n';
import { Choice, ErrorSummary, Failure, FieldProblem, Loading, TextInput, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';

type Patch = Required<Pick<Schemas['ProfilePatch'], 'phone' | 'email' | 'addressLine' | 'preferredLanguage' | 'preferredChannel'>>;

export const useMe = (enabled = true) =>
  useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')), enabled, retry: false });

export function ProfilePage() {
  const { t, date } = useT();
  const title = usePageTitle(t('profile.title'));
  const me = useMe();
  const client = useQueryClient();
  const profile = me.data?.profile as Record<string, string | null> | undefined;
  const [form, setForm] = useState<Patch | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  useEffect(() => {
    if (profile && !form) {
      setForm({
        phone: profile.phone ?? '',
        email: profile.email ?? '',
        addressLine: profile.addressLine ?? '',
        preferredLanguage: (profile.preferredLanguage ?? 'fr') as Patch['preferredLanguage'],
        preferredChannel: (profile.preferredChannel ?? 'sms') as Patch['preferredChannel'],
      });
    }
  }, [profile, form]);
  const save = useMutation({
    mutationFn: (body: Schemas['ProfilePatch']) => unwrap(api.PATCH('/api/v1/me', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
    onError: (err) => {
      const found = fieldProblems(err, t, (f) => (['phone', 'email', 'addressLine'].includes(f) ? t(`signup.${f as 'phone'}`) : undefined));
      setProblems(found.length ? found : [{ field: 'save-button', message: generalProblem(err, t) }]);
    },
  });

  if (me.isPending || (profile && !form)) return <Loading />;
  if (me.isError || !profile || !form) return <Failure>{generalProblem(me.error, t)}</Failure>;
  const set = (k: keyof Patch) => (v: string) => {
    save.reset();
    setForm({ ...form, [k]: v });
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setProblems([]);
    save.mutate({
      phone: form.phone.replace(/[\s.-]/g, ''),
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
      addressLine: form.addressLine.trim() || undefined,
      preferredLanguage: form.preferredLanguage,
      preferredChannel: form.preferredChannel,
    });
  }
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;

  return (
    <section aria-labelledby="profile-title" className="narrow">
      <ErrorSummary problems={problems} />
      <h1 id="profile-title" ref={title} tabIndex={-1}>
        {t('profile.title')}
      </h1>
      <dl className="summary">
        <dt>{t('profile.name')}</dt>
        <dd>{me.data.fullName}</dd>
        <dt>{t('signup.cin')}</dt>
        <dd dir="ltr">{profile.cin}</dd>
        <dt>{t('signup.birthDate')}</dt>
        <dd>{date(profile.birthDate)}</dd>
      </dl>
      <p className="hint">{t('profile.identityHint')}</p>
      <p>
        <Link href="/profile/access-log">{t('nav.accessLog')}</Link>
      </p>
      <p>
        <Link href="/profile/family">{t('nav.family')}</Link>
      </p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="phone"
          label={t('signup.phone')}
          type="tel"
          inputMode="tel"
          value={form.phone}
          onChange={set('phone')}
          error={errorOf('phone')}
          dir="ltr"
          autoComplete="tel"
        />
        <TextInput
          id="email"
          label={`${t('signup.email')} ${t('optional')}`}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={errorOf('email')}
          dir="ltr"
          autoComplete="email"
        />
        <TextInput
          id="addressLine"
          label={`${t('signup.addressLine')} ${t('optional')}`}
          value={form.addressLine}
          onChange={set('addressLine')}
          error={errorOf('addressLine')}
        />
        <Choice
          id="preferredChannel"
          label={t('signup.preferredChannel')}
          value={form.preferredChannel}
          onChange={set('preferredChannel')}
          options={(['sms', 'email', 'both'] as const).map((c) => ({ value: c, label: t(`channelPref.${c}`) }))}
        />
        <Choice
          id="preferredLanguage"
          label={t('signup.preferredLanguage')}
          value={form.preferredLanguage}
          onChange={set('preferredLanguage')}
          options={(['ar', 'fr', 'en', 'zgh'] as const).map((l) => ({ value: l, label: t(`lang.${l}`) }))}
        />
        <Button id="save-button" type="submit" className="button" isDisabled={save.isPending}>
          {t('profile.save')}
        </Button>
        {save.isSuccess && (
          <p role="status" className="success">
            {t('profile.saved')}
          </p>
        )}
      </form>
    </section>
  );
}
