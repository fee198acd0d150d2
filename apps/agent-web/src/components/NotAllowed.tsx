import { useT } from '../i18n';
import { Link } from '../router';

/** What someone sees on a page their role may not open (the API refuses it too). */
export function NotAllowed() {
  const t = useT();
  return (
    <section aria-labelledby="not-allowed-title" className="panel warning">
      <h1 id="not-allowed-title">{t('notAllowed.title')}</h1>
      <p>{t('notAllowed.body')}</p>
      <Link to="/">{t('nav.queue')}</Link>
    </section>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <Link to="/">{t('nav.queue')}</Link>
    </section>
  );
}
