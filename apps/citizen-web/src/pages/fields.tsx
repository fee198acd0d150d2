import type { Schemas } from '@annex/api-client';
import { MessageId, useT } from '../i18n';
import { Choice, FieldProblem, SelectField, TextInput } from '../ui';

export type Field = Schemas['ProcedureFieldDto'];
export type Doc = Schemas['ProcedureDocumentDto'];
/** What the citizen typed, by field key (strings until sent), and the files they chose, by document code. */
export type Answers = Record<string, string>;
export type Files = Record<string, File>;

export const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png'];
/** Files are uploaded after submission; a file field travels as a document code derived from its key. */
export const documentCodeOf = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
export const fieldId = (key: string) => `field-${key}`;
export const fileId = (code: string) => `file-${code}`;

type T = (id: MessageId, values?: Record<string, string | number>) => string;

/** The form as the API wants it: numbers as numbers, blanks left out, file fields sent as attachments. */
export function formBody(fields: Field[], answers: Answers): Record<string, unknown> {
  return Object.fromEntries(
    fields
      .filter((f) => f.type !== 'file' && (answers[f.key] ?? '').trim() !== '')
      .map((f) => [f.key, f.type === 'number' ? Number(answers[f.key].replace(',', '.')) : answers[f.key].trim()]),
  );
}

/** The checks the API would make, made first so the citizen hears about them at once. */
export function checkAnswers(
  fields: Field[],
  answers: Answers,
  files: Files,
  t: T,
  label: (f: Field) => string,
  docLabel: (code: string) => string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const v = (answers[f.key] ?? '').trim();
    const field = label(f);
    if (f.type === 'file') {
      const file = files[documentCodeOf(f.key)];
      if (f.required && !file) problems.push({ field: fileId(documentCodeOf(f.key)), message: t('error.fileRequired', { field }) });
      continue;
    }
    if (!v) {
      if (f.required)
        problems.push({ field: fieldId(f.key), message: t(f.type === 'choice' ? 'error.choose' : 'error.required', { field }) });
    } else if (f.type === 'number' && !Number.isFinite(Number(v.replace(',', '.')))) {
      problems.push({ field: fieldId(f.key), message: t('error.number', { field }) });
    } else if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      problems.push({ field: fieldId(f.key), message: t('error.date', { field }) });
    } else if (f.type === 'date' && v > todayInMorocco()) {
      // A form's dates record what has happened (living there since, a death): never tomorrow.
      problems.push({ field: fieldId(f.key), message: t('error.dateFuture', { field }) });
    }
  }
  for (const [code, file] of Object.entries(files)) {
    const name = docLabel(code);
    if (!ACCEPT.includes(file.type)) problems.push({ field: fileId(code), message: t('error.fileType', { field: name }) });
    else if (file.size > MAX_BYTES) problems.push({ field: fileId(code), message: t('error.fileSize', { field: name, max: 10 }) });
  }
  return problems;
}

/** One input for one field of the procedure's schema. */
export function ProcedureField({ f, value, onChange, error }: { f: Field; value: string; onChange: (v: string) => void; error?: string }) {
  const { t, text } = useT();
  const label = `${text(f.label)}${f.required ? '' : ` ${t('optional')}`}`;
  const id = fieldId(f.key);
  switch (f.type) {
    case 'choice': {
      const options = (f.options ?? []).map((o) => ({ value: o.value, label: text(o.label) }));
      return options.length <= 7 ? (
        <Choice id={id} label={label} value={value} onChange={onChange} options={options} error={error} />
      ) : (
        <SelectField
          id={id}
          label={label}
          value={value}
          onChange={onChange}
          options={options}
          error={error}
          placeholder={t('signup.choose')}
        />
      );
    }
    case 'date':
      return <TextInput id={id} label={label} type="date" value={value} onChange={onChange} error={error} />;
    case 'number':
      return <TextInput id={id} label={label} inputMode="decimal" value={value} onChange={onChange} error={error} dir="ltr" />;
    default:
      return <TextInput id={id} label={label} value={value} onChange={onChange} error={error} />;
  }
}

/** A document to attach: a plain file input (setInputFiles, camera on phones), labelled, with its error. */
export function FileField({
  code,
  label,
  hint,
  file,
  onChange,
  error,
}: {
  code: string;
  label: string;
  hint: string;
  file?: File;
  onChange: (f: File | null) => void;
  error?: string;
}) {
  const { t, rich } = useT();
  const id = fileId(code);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        {hint} {t('request.fileHint', { max: 10 })}
      </span>
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <input
        id={id}
        type="file"
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={!!error}
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
      />
      {file && <span className="hint">{rich('request.fileChosen', { name: file.name })}</span>}
    </div>
  );
}

/** Today's date (YYYY-MM-DD) in the annex's time zone. */
export const todayInMorocco = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(new Date());
