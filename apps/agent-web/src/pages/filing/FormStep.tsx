import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { Procedure } from '../../api/queries';
import { Choice, ErrorSummary, TextInput } from '@annex/web-kit';
import { useLang, useT } from '../../i18n';

/** Step 3: the form generated from the procedure's field schema (file fields come next, as uploads). */
export function FormStep({
  procedure,
  initial,
  serverErrors,
  onDone,
  onBack,
}: {
  procedure: Procedure;
  initial: Record<string, string>;
  serverErrors: Record<string, string>;
  onDone: (form: Record<string, string>) => void;
  onBack: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>(serverErrors);
  const fields = procedure.fields.filter((f) => f.type !== 'file');
  function next(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const f of fields) {
      const v = form[f.key]?.trim() ?? '';
      if (f.required && !v) found[f.key] = t(f.type === 'choice' ? 'errors.chooseOne' : 'errors.required');
      else if (v && f.type === 'number' && !Number.isFinite(Number(v))) found[f.key] = t('errors.type');
    }
    setErrors(found);
    if (!Object.keys(found).length) onDone(form);
  }
  const problems = fields
    .filter((f) => errors[f.key])
    .map((f) => ({ field: `form-${f.key}`, label: f.label[lang], message: errors[f.key] }));
  return (
    <form onSubmit={next} noValidate>
      <ErrorSummary problems={problems} />
      <h1>{procedure.name[lang]}</h1>
      {fields.length === 0 && <p>{t('filing.noQuestions')}</p>}
      {fields.map((f) => {
        const common = {
          id: `form-${f.key}`,
          label: f.required ? f.label[lang] : t('filing.optional', { label: f.label[lang] }),
          value: form[f.key] ?? '',
          error: errors[f.key],
          onChange: (v: string) => setForm((o) => ({ ...o, [f.key]: v })),
        };
        if (f.type === 'choice')
          return <Choice key={f.key} {...common} options={(f.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />;
        return <TextInput key={f.key} {...common} type={f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'text'} />;
      })}
      <div className="button-row">
        <Button type="submit" className="primary">
          {t('filing.continue')}
        </Button>
        <Button onPress={onBack}>{t('filing.back')}</Button>
      </div>
    </form>
  );
}
