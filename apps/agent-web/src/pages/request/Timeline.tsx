import { MessageId, useFormat, useT } from '../../i18n';
import { FiledFor } from './FiledFor';
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
            {/* The filing of a request for someone else: who filed it, for whom. */}
            <FiledFor filedFor={e.filedFor} message="timeline.filedFor" testId="timeline-filed-for" />
            {e.reason && <blockquote>{e.reason}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
