import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, saveBlob, unwrap } from '../api';
import { useT } from '../i18n';
import { Failure, Loading, usePageTitle } from '../ui';
import { generalProblem } from '../problems';

const WHATS = ['citizen', 'search', 'request', 'attachment', 'certificate', 'grievance', 'export', 'family'] as const;
const ROLES = ['reception', 'agent', 'supervisor', 'admin'] as const;

/**
 * "Who read my record" (law 09-08): every staff read, newest first. Staff names are not shown
 * (policy in the README): the role, annex, counter, time and purpose are, with the event number
 * to quote if the citizen asks the annex who it was.
 */
export function AccessLogPage() {
  const { t, dateTime, lang } = useT();
  const title = usePageTitle(t('access.title'));
  const log = useInfiniteQuery({
    queryKey: ['access-log'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/me/access-log', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [exportFailed, setExportFailed] = useState(false);

  async function download(format: 'json' | 'html') {
    setExportFailed(false);
    const res = await api.GET('/api/v1/me/export', { params: { query: { format, lang } as never }, parseAs: 'blob' }).catch(() => null);
    if (res?.data) saveBlob(res.data as Blob, `${t('access.exportFile')}.${format}`);
    else setExportFailed(true);
  }

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title" ref={title} tabIndex={-1}>
        {t('access.title')}
      </h1>
      <p>{t('access.intro')}</p>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <Failure>{generalProblem(log.error, t)}</Failure>
      ) : items.length === 0 ? (
        <p role="status">{t('access.none')}</p>
      ) : (
        <>
          <p role="status">{t('access.caption', { n: items.length })}</p>
          <ol className="access-log" data-testid="access-log">
            {items.map((e) => (
              <li key={e.id}>
                <dl>
                  <dt>{t('access.when')}</dt>
                  <dd>{dateTime(e.at)}</dd>
                  <dt>{t('access.what')}</dt>
                  <dd>{WHATS.includes(e.what as never) ? t(`access.what.${e.what as (typeof WHATS)[number]}`) : e.what}</dd>
                  <dt>{t('access.who')}</dt>
                  <dd>
                    {ROLES.includes(e.role as never) ? t(`access.role.${e.role as (typeof ROLES)[number]}`) : e.role}
                    {e.annex && ` · ${lang === 'ar' ? e.annex.ar : e.annex.fr}`}
                    {e.counter !== null && ` · ${t('access.counter', { n: e.counter })}`}
                  </dd>
                  <dt>{t('access.purpose')}</dt>
                  <dd>
                    {e.requestTrackingCode ? <span dir="ltr">{e.requestTrackingCode}</span> : e.reason ? e.reason : t('access.noPurpose')}
                  </dd>
                  <dt>{t('access.number')}</dt>
                  <dd dir="ltr">{e.id}</dd>
                </dl>
              </li>
            ))}
          </ol>
        </>
      )}
      {log.hasNextPage && (
        <Button className="button secondary" onPress={() => void log.fetchNextPage()} isDisabled={log.isFetchingNextPage}>
          {t('access.more')}
        </Button>
      )}
      <p className="hint">{t('access.policy')}</p>
      <h2>{t('access.exportTitle')}</h2>
      <p>{t('access.exportIntro')}</p>
      <div className="inline">
        <Button className="button" onPress={() => void download('html')}>
          {t('access.exportHtml')}
        </Button>
        <Button className="button secondary" onPress={() => void download('json')}>
          {t('access.exportJson')}
        </Button>
      </div>
      {exportFailed && <Failure>{t('error.failed')}</Failure>}
    </section>
  );
}
