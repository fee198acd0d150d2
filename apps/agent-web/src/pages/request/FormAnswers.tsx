import { Procedure } from '../../api/queries';
import { useFormat, useLang, useT } from '../../i18n';

/** The citizen's answers, labelled from the procedure's field schema. */
export function FormAnswers({ form, procedure }: { form: Record<string, unknown>; procedure: Procedure | undefined }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const fields = procedure?.fields ?? [];
  const keys = [...fields.map((x) => x.key).filter((k) => k in form), ...Object.keys(form).filter((k) => !fields.some((x) => x.key === k))];
  const show = (key: string) => {
    const field = fields.find((x) => x.key === key);
    const value = form[key];
    if (field?.type === 'choice') return field.options?.find((o) => o.value === value)?.label[lang] ?? String(value);
    if (field?.type === 'date' && typeof value === 'string') return f.date(value);
    if (field?.type === 'number' && typeof value === 'number') return f.number(value, 2);
    return String(value);
  };
  return (
    <section aria-labelledby="form-title" className="panel">
      <h2 id="form-title">{t('request.form')}</h2>
      {keys.length === 0 ? (
        <p>{t('request.noAnswers')}</p>
      ) : (
        <dl className="summary-list">
          {keys.map((k) => (
            <div key={k}>
              <dt>{fields.find((x) => x.key === k)?.label[lang] ?? k}</dt>
              <dd>{show(k)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
