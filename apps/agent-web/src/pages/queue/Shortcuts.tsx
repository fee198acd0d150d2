import { useT } from '../../i18n';

/** The keyboard shortcuts, on screen where they are used. */
export function Shortcuts() {
  const t = useT();
  const keys: [string, 'keys.search' | 'keys.next' | 'keys.previous' | 'keys.open' | 'keys.claim'][] = [
    ['/', 'keys.search'],
    ['j', 'keys.next'],
    ['k', 'keys.previous'],
    ['Enter', 'keys.open'],
    ['c', 'keys.claim'],
  ];
  return (
    <section className="shortcuts" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keys.title')}</h2>
      <dl>
        {keys.map(([k, label]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
