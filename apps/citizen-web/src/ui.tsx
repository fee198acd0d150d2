import { AnchorHTMLAttributes, MouseEvent, ReactNode, RefObject, useEffect, useRef } from 'react';
import { LANGS, LANGUAGE_NAMES, MessageId, useLang, useT } from './i18n';
import { navigate, navigated } from './router';

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
          <input className="visually-hidden" type="radio" name={p.id} value={o.value} checked={p.value === o.value} onChange={() => p.onChange(o.value)} />
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

/** 06 12 34 56 78, 0612345678, +212612345678 or 00212…: the API takes E.164 (+212 and 9 digits). */
export const toE164 = (v: string): string | null => {
  const m = /^(?:\+212|00212|0)([5-7]\d{8})$/.exec(v.replace(/[\s.-]/g, ''));
  return m ? `+212${m[1]}` : null;
};

/**
 * A link inside the app: a plain <a> that navigates without reloading (a click with a modifier
 * key, or another target, is left to the browser). The guide and the header use it so their first
 * load needs no widget library; the other pages' React Aria links navigate through the same router.
 */
export function AppLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={open} {...rest} />;
}
