/**
 * Fields on plain elements, for what the citizen's first load carries (the guide's search): no
 * React Aria there (test/browser/citizen/first-load holds it under 100 kB). Same markup, ids and
 * classes as the React Aria fields in fields.tsx, so the pages look and read the same.
 */
export interface Common {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  isRequired?: boolean;
  /** Added to the field's `field` class (`active` at the kiosk's keypad, `slots`, `big`). */
  className?: string;
}

export interface Option {
  value: string;
  label: string;
}

export const fieldClass = (extra?: string, base = 'field') => (extra ? `${base} ${extra}` : base);

const describedBy = (p: { id: string; hint?: string; error?: string }) =>
  [p.hint && `${p.id}-hint`, p.error && `${p.id}-error`].filter(Boolean).join(' ') || undefined;

function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

/** The guide's search box: a labelled plain input. */
export function SearchInput(p: Omit<Common, 'isRequired'> & { value: string; onChange: (v: string) => void }) {
  return (
    <div className={fieldClass(p.className)} data-invalid={p.error ? true : undefined}>
      <label htmlFor={p.id}>{p.label}</label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      <input
        id={p.id}
        type="text"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p)}
      />
    </div>
  );
}

/**
 * A native <select>, labelled, with its error: on a cheap phone the phone's own picker is the
 * easiest, and it costs the citizen's first load nothing.
 */
export function SelectField(
  p: Omit<Common, 'isRequired'> & { value: string; onChange: (v: string) => void; options: Option[]; placeholder: string },
) {
  return (
    <div className={fieldClass(p.className)} data-invalid={p.error ? true : undefined}>
      <label htmlFor={p.id}>{p.label}</label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      <select
        id={p.id}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p)}
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
