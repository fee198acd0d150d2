import { ReactNode, RefObject, useEffect, useRef } from 'react';
import { MessageId, useT } from './i18n';
import { hasNavigated } from './router';

// The kit's error summary, form fields and language switch, under the names the pages import from here.
export { Choice, ErrorSummary, focusField, normalizeCin, SearchInput, SelectField, TextInput, type FieldProblem } from '@annex/web-kit';
export { LanguageSwitcher } from './i18n';
export { AppLink } from './router';

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
