import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { Procedure } from '../../api/queries';
import { useLang, useT } from '../../i18n';

/** The document code a file is filed under: the guide's codes, or a file field's key in capitals. */
export const fileFieldCode = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Step 4: scan or pick each document (PDF, JPEG, PNG); uploaded once the request exists. */
export function DocumentsStep({
  procedure,
  files,
  onDone,
  onBack,
}: {
  procedure: Procedure;
  files: Record<string, File>;
  onDone: (f: Record<string, File>) => void;
  onBack: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const [chosen, setChosen] = useState(files);
  const slots = [
    ...procedure.documents.map((d) => ({ code: d.code, label: d.name[lang], hint: d.description[lang] })),
    ...procedure.fields.filter((f) => f.type === 'file').map((f) => ({ code: fileFieldCode(f.key), label: f.label[lang], hint: '' })),
  ];
  function next(e: FormEvent) {
    e.preventDefault();
    onDone(chosen);
  }
  return (
    <form onSubmit={next} noValidate>
      <h1>{t('filing.documentsTitle')}</h1>
      <p>{t('filing.documentsIntro')}</p>
      {slots.map((s) => (
        <div className="field" key={s.code}>
          <label htmlFor={`doc-${s.code}`}>{s.label}</label>
          {s.hint && (
            <span className="hint" id={`doc-${s.code}-hint`}>
              {s.hint}
            </span>
          )}
          <input
            id={`doc-${s.code}`}
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            aria-describedby={s.hint ? `doc-${s.code}-hint` : undefined}
            onChange={(e) => {
              const file = e.target.files?.[0];
              setChosen((o) => {
                const copy = { ...o };
                if (file) copy[s.code] = file;
                else delete copy[s.code];
                return copy;
              });
            }}
          />
          {chosen[s.code] && <p className="chosen">{t('filing.chosenFile', { name: chosen[s.code].name })}</p>}
        </div>
      ))}
      <div className="button-row">
        <Button type="submit" className="primary">
          {t('filing.continue')}
        </Button>
        <Button onPress={onBack}>{t('filing.back')}</Button>
      </div>
    </form>
  );
}
