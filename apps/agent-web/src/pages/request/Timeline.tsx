import { MessageId, useFormat, useLang, useT } from '../../i18n';
import { useEvents } from './useRequest';

/** Every event of the request, oldest first: who (role, counter), what, why. */
const KNOWN = [
  'request.submitted',
  'request.assigned',
  'attachment.added',
  'certificate.issued',
  'certificate.revoked',
  'certificate.reissued',
  'request.taken_over',
];

export function Timeline({ id, version }: { id: string; version: number }) {
  const t = useT();
  const { lang } = useLang();
  const f = useFormat();
  const events = useEvents(id, version);
  return (
    <section aria-labelledby="timeline-title" className="panel">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <ol className="timeline">
        {events.data?.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{f.dateTime(e.at)}</time>
            <p>
              <strong>
                {e.toState && e.fromState !== e.toState
                  ? t('timeline.moved', { from: e.fromState ? t(`state.${e.fromState}`) : '—', to: t(`state.${e.toState}`) })
                  : t(KNOWN.includes(e.type) ? (`event.${e.type}` as MessageId) : 'event.other', { type: e.type })}
              </strong>
            </p>
            <p className="meta">
              {e.role ? t(`role.${e.role}` as MessageId) : e.actorKind ? t(`actor.${e.actorKind}` as MessageId) : ''}
              {e.counter != null && ` · ${t('header.counter', { n: e.counter })}`}
              {e.channel && ` · ${t(`channel.${e.channel}`)}`}
              {e.public === false && ` · ${t('timeline.internal')}`}
            </p>
            {e.filedFor && (
              // The filing of a request for someone else: who filed it, for whom.
              <p className="filed-for" data-testid="timeline-filed-for">
                {t('timeline.filedFor', {
                  filer: lang === 'ar' ? e.filedFor.filer.nameAr : e.filedFor.filer.name,
                  name: lang === 'ar' ? e.filedFor.beneficiary.nameAr : e.filedFor.beneficiary.name,
                })}
              </p>
            )}
            {e.reason && <blockquote>{e.reason}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
