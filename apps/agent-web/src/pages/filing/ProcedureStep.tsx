import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { Procedure, useProcedures } from '../../api/queries';
import { Choice, ErrorSummary } from '@annex/web-kit';
import { useLang, useT } from '../../i18n';

/** Step 2: which procedure (those the guide offers at the counter). */
export function ProcedureStep({ value, onChosen, onBack }: { value?: string; onChosen: (p: Procedure) => void; onBack: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const procedures = useProcedures();
  const [code, setCode] = useState(value ?? '');
  const [error, setError] = useState<string | undefined>();
  const offered = (procedures.data ?? []).filter((p) => p.channels.some((c) => c === 'counter'));
  function next(e: FormEvent) {
    e.preventDefault();
    const p = offered.find((x) => x.code === code);
    if (!p) return setError(t('errors.chooseOne'));
    onChosen(p);
  }
  return (
    <form onSubmit={next} noValidate>
      <ErrorSummary problems={error ? [{ field: 'procedure', label: t('filing.procedureTitle'), message: error }] : []} />
      <Choice
        id="procedure"
        label={t('filing.procedureTitle')}
        value={code}
        onChange={setCode}
        error={error}
        options={offered.map((p) => ({ value: p.code, label: p.name[lang] }))}
      />
      <div className="button-row">
        <Button type="submit" className="primary">
          {t('filing.continue')}
        </Button>
        <Button onPress={onBack}>{t('filing.back')}</Button>
      </div>
    </form>
  );
}
