import { ReactNode, RefObject, useEffect, useRef } from 'react';
import { FieldError, Input, Label, Radio, RadioGroup, Text, TextField } from 'react-aria-components';
import { LANGS, LANGUAGE_NAMES, MessageId, useLang, useT } from './i18n';
import { navigated } from './router';

/** One problem with one field: what the error summary lists and the field shows inline. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Focuses the field (or the first input inside a group) a summary link points at. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  const target = el && (el.matches('input, select, textarea') ? el : el.querySelector<HTMLElement>('input, select, textarea'));
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/** GOV.UK error summary: at the top, focused when it appears, each entry linking to its field. */
export function ErrorSummary({
  problems,
  idOf = (f) => f,
  onOpen,
}: {
  problems: FieldProblem[];
  idOf?: (field: string) => string;
  onOpen?: (field: string) => void;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const shown = problems.length > 0;
  // Focus on a new set of problems only (not on every render that passes an equal list).
  const signature = problems.map((p) => `${p.field}:${p.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!shown) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t('error.summary')}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.field}>
            <a
              href={`#${idOf(p.field)}`}
              onClick={(e) => {
                e.preventDefault();
                if (onOpen) onOpen(p.field);
                else focusField(idOf(p.field));
              }}
            >
              {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface TextProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  type?: 'text' | 'date' | 'tel' | 'email' | 'password';
  inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'none' | 'decimal';
  autoComplete?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  isRequired?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  onFocus?: () => void;
  className?: string;
}

/** A labelled text input: hint, then the inline error (above the input, as GOV.UK does). */
export function TextInput(p: TextProps) {
  return (
    <TextField
      id={p.id}
      className={`field ${p.className ?? ''}`}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      validationBehavior="aria"
      type={p.type ?? 'text'}
      inputMode={p.inputMode}
      autoComplete={p.autoComplete}
      onFocus={p.onFocus}
    >
      <Label>{p.label}</Label>
      {p.hint && (
        <Text slot="description" className="hint">
          {p.hint}
        </Text>
      )}
      <FieldError className="field-error">{p.error}</FieldError>
      <Input ref={p.inputRef} dir={p.dir} />
    </TextField>
  );
}

/** Radios (React Aria RadioGroup): arrow keys move within the group, as screen readers expect. */
export function Choice(p: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  className?: string;
}) {
  return (
    <RadioGroup
      id={p.id}
      className={`field radios ${p.className ?? ''}`}
      value={p.value || null}
      onChange={p.onChange}
      isInvalid={!!p.error}
      validationBehavior="aria"
    >
      <Label className="legend">{p.label}</Label>
      {p.hint && (
        <Text slot="description" className="hint">
          {p.hint}
        </Text>
      )}
      <FieldError className="field-error">{p.error}</FieldError>
      {p.options.map((o) => (
        <Radio key={o.value} value={o.value} className="radio">
          {o.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}

/** A native <select> (the phone's own picker is the easiest on a cheap phone), labelled, with its error. */
export function SelectField(p: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  placeholder: string;
}) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      {p.error && (
        <span className="field-error" id={`${p.id}-error`}>
          {p.error}
        </span>
      )}
      <select
        id={p.id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={!!p.error}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
      >
        <option value="">{p.placeholder}</option>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Loading() {
  const { t } = useT();
  return <p role="status">{t('loading')}</p>;
}

/** A page-level failure, in plain words. */
export function Failure({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="problem">
      {children}
    </p>
  );
}

/** Sets the document title and moves focus to the page heading when a page opens (screen readers). */
export function usePageTitle(title: string): RefObject<HTMLHeadingElement | null> {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useT();
  const app = t('app.title');
  useEffect(() => {
    document.title = `${title} — ${app}`;
  }, [title, app]);
  useEffect(() => {
    if (navigated) ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}

/** The language buttons: on every page, remembered (localStorage), each name written in its own language. */
export function LanguageSwitcher() {
  const { t } = useT();
  const { lang, setLang } = useLang();
  return (
    <div role="group" aria-label={t('language')} className="langs">
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

/** A request's state, in words and colour. */
export function StateTag({ state }: { state: string }) {
  const { t } = useT();
  return (
    <strong className={`tag state-${state}`} data-state={state}>
      {t(`state.${state}` as MessageId)}
    </strong>
  );
}

/** A CIN as the register stores it: capitals, no spaces. */
export const normalizeCin = (v: string) => v.toUpperCase().replace(/\s+/g, '');
