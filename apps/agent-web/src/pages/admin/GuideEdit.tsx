import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { useProcedure } from '../../api/queries';
import { ErrorSummary, LongText, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { LANGS, MessageId, useT } from '../../i18n';
import { Link } from '../../router';

/**
 * The guide's languages here: the desk's three, then Tamazight in Tifinagh, optional (left empty,
 * a Tamazight page shows the French marked "(fr)"; the API refuses a text not in Tifinagh).
 */
const TEXT_LANGS = [...LANGS, 'zgh'] as const;
type TextLang = (typeof TEXT_LANGS)[number];
const OPTIONAL: readonly string[] = ['name.zgh', 'description.zgh'];

/** The localized text as the API takes it: the Tamazight only when written. */
const localized = (v: Record<string, string>, what: 'name' | 'description') => {
  const zgh = v[`${what}.zgh`].trim();
  return { ar: v[`${what}.ar`], fr: v[`${what}.fr`], en: v[`${what}.en`], ...(zgh ? { zgh } : {}) };
};

/** Edit a guide entry: names, descriptions, fee and delay; the API keeps it as a new version. */
export function GuideEdit({ code }: { code: string }) {
  const t = useT();
  const client = useQueryClient();
  const procedure = useProcedure(code);
  const [v, setV] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<number | null>(null);
  const p = procedure.data;
  useEffect(() => {
    if (p && !v)
      setV({
        ...Object.fromEntries(
          TEXT_LANGS.flatMap((l) => [
            [`name.${l}`, p.name[l] ?? ''],
            [`description.${l}`, p.description[l] ?? ''],
          ]),
        ),
        feeMad: String(p.feeMad),
        slaHours: String(p.slaHours),
      });
  }, [p, v]);
  const save = useMutation({
    mutationFn: async () => {
      const { code: _code, version: _v, versionId: _id, updatedAt: _u, ...rest } = p!;
      const body = {
        ...rest,
        name: localized(v!, 'name'),
        description: localized(v!, 'description'),
        feeMad: Number(v!.feeMad),
        slaHours: Number(v!.slaHours),
      };
      return must(await api.PUT('/api/v1/procedures/{code}', { params: { path: { code } }, body }));
    },
    onSuccess: (updated) => {
      setSaved(updated.version);
      client.setQueryData(['procedure', code], updated);
      void client.invalidateQueries({ queryKey: ['procedures'] });
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { 'name.fr': t('errors.failed') }),
  });
  if (!p || !v) return <p role="status">{t('loading')}</p>;
  const langName = (l: TextLang) => (l === 'zgh' ? t('admin.tamazight') : l.toUpperCase());
  const label = (k: string) => {
    const [what, l] = k.split('.');
    return l ? t(`admin.${what}In` as MessageId, { lang: langName(l as TextLang) }) : t(`admin.${what}` as MessageId);
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    const bad = Object.fromEntries(
      Object.entries(v!)
        .filter(([k, x]) => (!x.trim() && !OPTIONAL.includes(k)) || ((k === 'feeMad' || k === 'slaHours') && !(Number(x) >= 0)))
        .map(([k]) => [k, t('errors.required')]),
    );
    setErrors(bad);
    setSaved(null);
    if (!Object.keys(bad).length) save.mutate();
  }
  const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
  return (
    <form onSubmit={submit} noValidate>
      <p>
        <Link to="/admin/guide">{t('admin.guide')}</Link>
      </p>
      <ErrorSummary
        problems={Object.entries(errors).map(([k, message]) => ({ field: `g-${k.replace('.', '-')}`, label: label(k), message }))}
      />
      <h1>{t('admin.editTitle', { code })}</h1>
      <div aria-live="polite">{saved && <p className="success">{t('admin.saved', { version: saved })}</p>}</div>
      {TEXT_LANGS.map((l) => (
        <fieldset key={l} lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
          <legend>{t('admin.language', { lang: langName(l) })}</legend>
          {l === 'zgh' && <p className="hint">{t('admin.tamazightHint')}</p>}
          <TextInput
            id={`g-name-${l}`}
            label={label(`name.${l}`)}
            value={v[`name.${l}`]}
            onChange={set(`name.${l}`)}
            error={errors[`name.${l}`]}
          />
          <LongText
            id={`g-description-${l}`}
            label={label(`description.${l}`)}
            value={v[`description.${l}`]}
            onChange={set(`description.${l}`)}
            error={errors[`description.${l}`]}
          />
        </fieldset>
      ))}
      <TextInput id="g-feeMad" type="number" label={label('feeMad')} value={v.feeMad} onChange={set('feeMad')} error={errors.feeMad} />
      <TextInput
        id="g-slaHours"
        type="number"
        label={label('slaHours')}
        value={v.slaHours}
        onChange={set('slaHours')}
        error={errors.slaHours}
      />
      <Button type="submit" className="primary" isDisabled={save.isPending}>
        {t('admin.save')}
      </Button>
    </form>
  );
}
