import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, blobUrl, must } from '../../api/client';
import { Dropdown } from '@annex/web-kit';
import { useFormat, useT } from '../../i18n';

type By = 'neighbourhood' | 'age' | 'sex';

/** The indirect census from the register (small cells suppressed) and its CSV export. */
export function Census() {
  const t = useT();
  const f = useFormat();
  const [by, setBy] = useState<By>('neighbourhood');
  const [failed, setFailed] = useState(false);
  const census = useQuery({
    queryKey: ['metrics', 'census', by],
    queryFn: async () => must(await api.GET('/api/v1/metrics/census', { params: { query: { by } as never } })),
  });
  async function download() {
    setFailed(false);
    try {
      const { url } = await blobUrl(`/api/v1/metrics/census?by=${by}&format=csv`);
      const a = document.createElement('a');
      a.href = url;
      a.download = `census-${by}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    }
  }
  return (
    <section aria-labelledby="census-title">
      <h2 id="census-title">{t('census.title')}</h2>
      <div className="inline">
        <Dropdown
          id="census-by"
          label={t('census.by')}
          value={by}
          onChange={(v) => setBy(v as By)}
          options={(['neighbourhood', 'age', 'sex'] as const).map((b) => ({ value: b, label: t(`census.by.${b}`) }))}
        />
        <Button onPress={() => void download()}>{t('census.csv')}</Button>
      </div>
      {failed && (
        <p role="alert" className="problem">
          {t('errors.failed')}
        </p>
      )}
      {census.data && (
        <table data-testid="census-table">
          <caption>
            {census.data.total === null ? t('census.captionHidden') : t('census.caption', { total: f.number(census.data.total) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t(`census.by.${by}`)}</th>
              <th scope="col">{t('census.count')}</th>
            </tr>
          </thead>
          <tbody>
            {census.data.cells.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                <td>{c.suppressed ? t('census.suppressed') : f.number(c.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
