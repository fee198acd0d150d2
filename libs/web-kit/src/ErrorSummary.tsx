import { useEffect, useRef } from 'react';
import { useKitT } from './kit-t';

/**
 * One problem with one field: what the error summary lists and the field shows inline. `field` is
 * the id of the element to jump to (or what `idOf` turns into one); with a `label`, the entry
 * reads "label: message", else the message alone (it names the field itself).
 */
export interface FieldProblem {
  field: string;
  message: string;
  label?: string;
}

/** Focuses the field (or the first input inside a group) a summary link points at. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  const target =
    el && (el.matches('input, select, textarea, button') ? el : el.querySelector<HTMLElement>('input, select, textarea, button'));
  target?.focus();
  target?.scrollIntoView?.({ block: 'center' });
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
  const t = useKitT();
  const ref = useRef<HTMLDivElement>(null);
  // Focus on a new set of problems only: callers build the list afresh on every render, and keyed
  // on the array the summary would take the focus back at each keystroke in a field.
  const signature = problems.map((p) => `${p.field}:${p.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!problems.length) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t('error.summary')}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.field + p.message}>
            <a
              href={`#${idOf(p.field)}`}
              onClick={(e) => {
                e.preventDefault();
                if (onOpen) onOpen(p.field);
                else focusField(idOf(p.field));
              }}
            >
              {p.label ? t('error.entry', { label: p.label, message: p.message }) : p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
