import { Button } from 'react-aria-components';
import { useProcedure } from '../../api/queries';
import { SlaBadge, StateTag } from '../../components/SlaBadge';
import { useFormat, useLang, useT } from '../../i18n';
import { Link } from '../../router';
import { Actions } from './Actions';
import { AttachmentsPanel } from './Attachments';
import { CertificateButton } from './CertificateButton';
import { CitizenPanel } from './CitizenPanel';
import { FiledFor } from './FiledFor';
import { FormAnswers } from './FormAnswers';
import { NotificationsPanel } from './NotificationsPanel';
import { Slip } from './Slip';
import { Timeline } from './Timeline';
import { useRequest } from './useRequest';

/** Everything an agent needs to decide on one request, and the actions the state machine allows. */
export function RequestPage({ id }: { id: string }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  const request = useRequest(id);
  const r = request.data;
  const procedure = useProcedure(r?.procedureCode);
  if (request.isError)
    return (
      <p role="alert" className="problem">
        {t('request.notFound')}
      </p>
    );
  if (!r) return <p role="status">{t('loading')}</p>;
  return (
    <>
      <div className="screen-only">
        <p className="back">
          <Link to="/">{t('request.back')}</Link>
        </p>
        <h1>
          {t('request.title', { procedure: procedure.data?.name[lang] ?? r.procedureCode })}{' '}
          <span dir="ltr" className="code">
            {r.trackingCode}
          </span>
        </h1>
        <FiledFor filedFor={r.filedFor} message="family.filedFor" testId="filed-for" />
        <dl className="summary-list">
          <dt>{t('queue.state')}</dt>
          <dd data-testid="request-state">
            <StateTag state={r.state} />
          </dd>
          <dt>{t('queue.sla')}</dt>
          <dd>
            <SlaBadge atRisk={r.atRisk} overdue={r.overdue} /> {t('request.due', { date: f.dateTime(r.slaDueAt) })}
          </dd>
          <dt>{t('queue.channel')}</dt>
          <dd>{t(`channel.${r.channel}`)}</dd>
          <dt>{t('request.submitted')}</dt>
          <dd>{f.dateTime(r.submittedAt)}</dd>
          {r.counter != null && (
            <>
              <dt>{t('request.counter')}</dt>
              <dd>{f.number(r.counter)}</dd>
            </>
          )}
        </dl>
        <div className="print-actions">
          <Button onPress={() => window.print()}>{t('request.printSlip')}</Button>
          {r.certificateNumber && <CertificateButton id={r.id} number={r.certificateNumber} />}
        </div>
        <Actions request={r} procedure={procedure.data} />
        <div className="columns">
          <div>
            <FormAnswers form={r.form} procedure={procedure.data} />
            <AttachmentsPanel id={r.id} />
            <Timeline id={r.id} version={r.version} />
          </div>
          <div>
            <CitizenPanel citizenId={r.citizenId} trackingCode={r.trackingCode} current={r.id} />
            <NotificationsPanel id={r.id} version={r.version} />
          </div>
        </div>
      </div>
      <Slip request={r} procedure={procedure.data} />
    </>
  );
}
