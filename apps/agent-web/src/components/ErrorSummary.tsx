import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

export interface FieldProblem {
  /** The id of the input to jump to. */
  id: string;
  label: string;
  message: string;
}

/** GOV.UK error summary: at the top, focused when it appears, each entry links to its field. */
export function ErrorSummary({ problems }: { problems: FieldProblem[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  // Focus on a new set of problems only: callers build the list afresh on every render, and
  // keyed on the array the summary took the focus back at each keystroke in a field.
  const signature = problems.map((p) => `${p.id}:${p.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!problems.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('errors.summary')}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.id + p.message}>
            <a
              href={`#${p.id}`}
              onClick={(e) => {
                e.preventDefault();
                const el = document.getElementById(p.id);
                (el?.matches('input, textarea, select, button') ? el : el?.querySelector<HTMLElement>('input, textarea, select, button'))?.focus();
              }}
            >
              {t('errors.entry', { label: p.label, message: p.message })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
