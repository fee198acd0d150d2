import { ReactNode, RefObject, useEffect, useRef } from 'react';
import { MessageId, useT } from './i18n';
import { hasNavigated } from './router';

// The kit's error summary and language switch, under the names the pages import from here.
export { ErrorSummary, focusField, normalizeCin, type FieldProblem } from '@annex/web-kit';
export { LanguageSwitcher } from './i18n';
export { AppLink } from './router';

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

/**
 * A labelled text input: hint, then the inline error (above the input, as GOV.UK does). Native
 * elements (label, aria-describedby, aria-invalid): the guide's first load carries no widget library.
 */
export function TextInput(p: TextProps) {
  const hint = p.hint ? `${p.id}-hint` : undefined;
  const error = p.error ? `${p.id}-error` : undefined;
  return (
    <div className={`field ${p.className ?? ''}`} data-invalid={p.error ? true : undefined}>
      <label htmlFor={p.id}>{p.label}</label>
      {p.hint && (
        <span className="hint" id={hint}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span className="field-error" id={error}>
          {p.error}
        </span>
      )}
      <input
        id={p.id}
        ref={p.inputRef}
        dir={p.dir}
        type={p.type ?? 'text'}
        inputMode={p.inputMode}
        autoComplete={p.autoComplete}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onFocus={p.onFocus}
        aria-invalid={p.error ? true : undefined}
        aria-required={p.isRequired || undefined}
        aria-describedby={[hint, error].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );
}

/** Radios: a named group of native radios (arrow keys move within it, as screen readers expect). */
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
  const hint = p.hint ? `${p.id}-hint` : undefined;
  const error = p.error ? `${p.id}-error` : undefined;
  return (
    <div
      id={p.id}
      role="radiogroup"
      aria-labelledby={`${p.id}-label`}
      aria-describedby={[hint, error].filter(Boolean).join(' ') || undefined}
      aria-invalid={p.error ? true : undefined}
      className={`field radios ${p.className ?? ''}`}
      data-invalid={p.error ? true : undefined}
    >
      <span className="legend" id={`${p.id}-label`}>
        {p.label}
      </span>
      {p.hint && (
        <span className="hint" id={hint}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span className="field-error" id={error}>
          {p.error}
        </span>
      )}
      {p.options.map((o) => (
        <label key={o.value} className="radio" data-selected={p.value === o.value || undefined}>
          <input
            className="visually-hidden"
            type="radio"
            name={p.id}
            value={o.value}
            checked={p.value === o.value}
            onChange={() => p.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </div>
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
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
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
