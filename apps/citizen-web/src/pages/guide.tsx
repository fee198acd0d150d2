import { FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { Schemas } from '@annex/api-client';
import { api, ApiError, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { AppLink, Failure, Loading, SearchInput, SelectField, usePageTitle } from '../ui';

type Procedure = Schemas['ProcedureDto'];

/** The guide's list query (also started by main.tsx before the catalogue arrives, to save a round trip). */
export const proceduresQuery = (query: { q?: string; category?: string } = {}) => ({
  queryKey: ['procedures', query],
  queryFn: () => unwrap(api.GET('/api/v1/procedures', { params: { query: { limit: 100, ...query } } })),
  staleTime: 5 * 60_000,
});

export const useProcedures = (query: { q?: string; category?: string } = {}) => useQuery(proceduresQuery(query));

export const useProcedure = (code: string) =>
  useQuery({
    queryKey: ['procedure', code],
    queryFn: () => unwrap(api.GET('/api/v1/procedures/{code}', { params: { path: { code } } })),
    staleTime: 5 * 60_000,
  });

/** A category's name from the catalogue, or its code when the guide gained one we have no words for yet. */
function useCategoryName() {
  const intl = useIntl();
  return (c: string) =>
    (intl.messages as Record<string, unknown>)[`category.${c}`] ? intl.formatMessage({ id: `category.${c}` as MessageId }) : c;
}

export function GuidePage() {
  const { t, text, money } = useT();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const category = search.get('category') ?? '';
  const [draft, setDraft] = useState({ q, category });
  const all = useProcedures();
  const found = useProcedures({ ...(q ? { q } : {}), ...(category ? { category } : {}) });
  const categoryName = useCategoryName();
  const title = usePageTitle(t('guide.title'));
  const categories = [...new Set((all.data?.items ?? []).map((p) => p.category))];

  function submit(e: FormEvent) {
    e.preventDefault();
    const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v.trim()));
    navigate(`/${params.size ? `?${params}` : ''}`, { replace: true });
  }

  return (
    <section aria-labelledby="guide-title">
      <h1 id="guide-title" ref={title} tabIndex={-1}>
        {t('guide.title')}
      </h1>
      <p className="lead">{t('guide.intro')}</p>
      <form role="search" onSubmit={submit} className="search">
        <SearchInput
          id="q"
          label={t('guide.search')}
          hint={t('guide.searchHint')}
          value={draft.q}
          onChange={(v) => setDraft({ ...draft, q: v })}
        />
        <SelectField
          id="category"
          label={t('guide.category')}
          placeholder={t('guide.allCategories')}
          value={draft.category}
          onChange={(v) => setDraft({ ...draft, category: v })}
          options={categories.map((c) => ({ value: c, label: categoryName(c) }))}
        />
        <button type="submit" className="button secondary">
          {t('guide.searchButton')}
        </button>
      </form>
      {found.isPending ? (
        <Loading />
      ) : found.isError ? (
        <Failure>{t('error.failed')}</Failure>
      ) : (
        <>
          <p role="status" className="count">
            {t('guide.count', { n: found.data.items.length })}
          </p>
          <ul className="cards">
            {found.data.items.map((p) => (
              <li key={p.code} className="card">
                <h2>
                  <AppLink href={`/procedures/${p.code}`}>{text(p.name)}</AppLink>
                </h2>
                <p>{text(p.description)}</p>
                <dl>
                  <dt>{t('procedure.fee')}</dt>
                  <dd>{p.feeMad ? money(p.feeMad) : t('procedure.free')}</dd>
                  <dt>{t('procedure.delay')}</dt>
                  <dd>{t('procedure.hours', { n: p.slaHours })}</dd>
                </dl>
              </li>
            ))}
          </ul>
          {q && found.data.items.length === 0 && <NothingFound q={q} categories={categories} />}
        </>
      )}
    </section>
  );
}

/** A search that found nothing still leads somewhere: the nearest procedures and every category. */
function NothingFound({ q, categories }: { q: string; categories: string[] }) {
  const { t, text } = useT();
  const categoryName = useCategoryName();
  const nearest = useQuery({
    queryKey: ['nearest', q],
    queryFn: () => unwrap(api.GET('/api/v1/procedures/nearest', { params: { query: { q } } })),
  });
  return (
    <div className="nothing-found">
      {!!nearest.data?.length && (
        <>
          <h2>{t('guide.nearest')}</h2>
          <ul>
            {nearest.data.map((p) => (
              <li key={p.code}>
                <AppLink href={`/procedures/${p.code}`}>{text(p.name)}</AppLink>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('guide.byCategory')}</h2>
      <ul>
        {categories.map((c) => (
          <li key={c}>
            <AppLink href={`/?category=${encodeURIComponent(c)}`}>{categoryName(c)}</AppLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

const CHANNEL_IDS: Record<string, MessageId> = {
  web: 'channel.web',
  kiosk: 'channel.kiosk',
  counter: 'channel.counter',
  api: 'channel.api',
};

export function ProcedurePage({ code }: { code: string }) {
  const { t, text, money, date } = useT();
  const q = useProcedure(code);
  const title = usePageTitle(q.data ? text(q.data.name) : t('guide.title'));
  if (q.isPending) return <Loading />;
  if (q.isError)
    return <Failure>{t(q.error instanceof ApiError && q.error.status === 404 ? 'procedure.notFound' : 'error.failed')}</Failure>;
  const p: Procedure = q.data;
  return (
    <article aria-labelledby="procedure-title">
      <p>
        <AppLink href="/">{t('nav.back.guide')}</AppLink>
      </p>
      <h1 id="procedure-title" ref={title} tabIndex={-1}>
        {text(p.name)}
      </h1>
      <p className="lead">{text(p.description)}</p>
      {p.abolished && (
        <div className="panel abolished" role="note">
          <h2>{t('procedure.abolished', { since: date(p.abolished.since), reference: p.abolished.reference })}</h2>
          <p>
            <strong>{t('procedure.instead')}</strong> {text(p.abolished.instead)}
          </p>
        </div>
      )}
      {p.external && <p className="note">{t('procedure.external', { agency: text(p.externalAgency) || '—' })}</p>}
      {p.inPerson && <p className="note">{t('procedure.inPerson')}</p>}
      <dl className="summary">
        <dt>{t('procedure.fee')}</dt>
        <dd>{p.feeMad ? money(p.feeMad) : t('procedure.free')}</dd>
        <dt>{t('procedure.delay')}</dt>
        <dd>{t('procedure.hours', { n: p.slaHours })}</dd>
        {p.legalFrame && (
          <>
            <dt>{t('procedure.legalDelay')}</dt>
            <dd>{t('procedure.workingDays', { n: p.legalFrame.maxDelayWorkingDays })}</dd>
            {p.legalFrame.silenceMeansAcceptance && (
              <>
                <dt>{t('procedure.silence')}</dt>
                <dd>{t('procedure.silenceText')}</dd>
              </>
            )}
            <dt>{t('procedure.appeal')}</dt>
            <dd>{text(p.legalFrame.appealRoute)}</dd>
          </>
        )}
        <dt>{t('procedure.channels')}</dt>
        <dd>{p.channels.map((c) => (CHANNEL_IDS[c] ? t(CHANNEL_IDS[c]) : c)).join(' · ')}</dd>
        {p.legalBasis && (
          <>
            <dt>{t('procedure.legalBasis')}</dt>
            <dd>{text(p.legalBasis)}</dd>
          </>
        )}
      </dl>
      <h2>{t('procedure.documents')}</h2>
      <ul className="documents">
        {p.documents.map((d) => (
          <li key={d.code}>
            <strong>{text(d.name)}</strong>
            <br />
            <span className="hint">{text(d.description)}</span>
            {d.providedBy === 'administration' && (
              <>
                <br />
                <span className="tag">{t('procedure.obtained', { administration: text(d.source?.administration) })}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {p.abolished ? null : (p.channels as string[]).includes('web') ? (
        <AppLink className="button" href={`/procedures/${p.code}/request`}>
          {t('procedure.start')}
        </AppLink>
      ) : (
        <p className="note">{t('procedure.notOnline')}</p>
      )}
    </article>
  );
}
