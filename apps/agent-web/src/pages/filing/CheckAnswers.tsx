import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, ApiError, must } from '../../api/client';
import { fieldErrors } from '../../components/problems';
import { useFormat, useLang, useT } from '../../i18n';
import { fileFieldCode } from './DocumentsStep';
import type { Filing, Step } from './FilingPage';

/** Step 5: check the answers, then file the request for the citizen and upload the documents. */
export function CheckAnswers({
  filing,
  onChange,
  onFiled,
}: {
  filing: Filing;
  onChange: (s: Step) => void;
  onFiled: (patch: Partial<Filing>, next: Step) => void;
}) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { citizen, procedure } = filing;
  if (!citizen || !procedure) return null;
  const fields = procedure.fields.filter((x) => x.type !== 'file');
  const docName = (code: string) =>
    procedure.documents.find((d) => d.code === code)?.name[lang] ??
    procedure.fields.find((x) => fileFieldCode(x.key) === code)?.label[lang] ??
    code;

  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      const form = Object.fromEntries(
        fields
          .filter((x) => filing.form[x.key]?.trim())
          .map((x) => [x.key, x.type === 'number' ? Number(filing.form[x.key]) : filing.form[x.key].trim()]),
      );
      const request =
        filing.request ??
        must(
          await api.POST('/api/v1/requests', {
            body: {
              procedureCode: procedure!.code,
              citizenId: citizen!.id,
              form,
              ...(filing.beneficiary ? { beneficiary: { kind: filing.beneficiary.kind, id: filing.beneficiary.id } } : {}),
            },
            params: { header: { 'Idempotency-Key': filing.idempotencyKey } } as never,
          }),
        );
      const uploaded: Filing['uploaded'] = [];
      for (const [code, file] of Object.entries(filing.files)) {
        const r = await api.POST('/api/v1/requests/{id}/attachments', {
          params: { path: { id: request.id } },
          body: { documentCode: code, file: '' },
          // documentCode first: the API reads the fields sent before the file.
          bodySerializer: () => {
            const data = new FormData();
            data.append('documentCode', code);
            data.append('file', file, file.name);
            return data;
          },
        });
        uploaded.push({ code, ok: r.response.ok, name: file.name });
      }
      onFiled({ request, uploaded }, 'done');
    } catch (e) {
      const errors = Object.fromEntries(
        Object.entries(fieldErrors(e, t))
          .filter(([k]) => k.startsWith('form.'))
          .map(([k, v]) => [k.slice(5), v]),
      );
      if (Object.keys(errors).length) onFiled({ serverErrors: errors }, 'form');
      else setFailure(e instanceof ApiError && e.status === 403 ? t('errors.forbidden') : t('errors.failed'));
    } finally {
      setBusy(false);
    }
  }

  const change = (s: Step, what: string) => (
    <Button className="link-button" onPress={() => onChange(s)} aria-label={t('filing.changeWhat', { what })}>
      {t('filing.change')}
    </Button>
  );
  return (
    <>
      <h1>{t('filing.checkTitle')}</h1>
      {failure && (
        <p role="alert" className="problem">
          {failure}
        </p>
      )}
      <dl className="summary-list check">
        <div>
          <dt>{t('citizen.title')}</dt>
          <dd dir="ltr">{`${citizen.firstName} ${citizen.lastName} (${citizen.cin})`}</dd>
          <dd>{change('citizen', t('citizen.title'))}</dd>
        </div>
        {filing.beneficiary && (
          <div>
            <dt>{t('family.forWhom')}</dt>
            <dd>
              <bdi>{filing.beneficiary.name}</bdi>
            </dd>
            <dd>{change('family', t('family.forWhom'))}</dd>
          </div>
        )}
        <div>
          <dt>{t('queue.procedure')}</dt>
          <dd>{procedure.name[lang]}</dd>
          <dd>{change('procedure', t('queue.procedure'))}</dd>
        </div>
        {fields.map((x) => {
          const v = filing.form[x.key] ?? '';
          const shown =
            x.type === 'choice' ? (x.options?.find((o) => o.value === v)?.label[lang] ?? v) : x.type === 'date' && v ? f.date(v) : v;
          return (
            <div key={x.key}>
              <dt>{x.label[lang]}</dt>
              <dd>{shown || '—'}</dd>
              <dd>{change('form', x.label[lang])}</dd>
            </div>
          );
        })}
        <div>
          <dt>{t('filing.documentsTitle')}</dt>
          <dd>
            {Object.keys(filing.files).length === 0
              ? t('filing.noDocuments')
              : Object.entries(filing.files).map(([code, file]) => (
                  <span key={code} className="block">
                    {`${docName(code)} : ${file.name}`}
                  </span>
                ))}
          </dd>
          <dd>{change('documents', t('filing.documentsTitle'))}</dd>
        </div>
      </dl>
      <p>{t('filing.declaration')}</p>
      <Button className="primary" onPress={() => void submit()} isDisabled={busy}>
        {t('filing.submit')}
      </Button>
    </>
  );
}
