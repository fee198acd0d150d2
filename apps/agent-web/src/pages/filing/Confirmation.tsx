import { Button } from 'react-aria-components';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { Slip } from '../request/Slip';
import type { Filing } from './FilingPage';

/** GOV.UK confirmation panel: the tracking code, the documents received, a slip to print. */
export function Confirmation({ filing, onAnother }: { filing: Filing; onAnother: () => void }) {
  const t = useT();
  const r = filing.request!;
  const failed = filing.uploaded.filter((u) => !u.ok);
  return (
    <>
      <div className="screen-only">
        <div className="confirmation" role="status">
          <h1>{t('filing.doneTitle')}</h1>
          <p>{t('filing.trackingCode')}</p>
          <p className="big-code" dir="ltr" data-testid="tracking-code">
            {r.trackingCode}
          </p>
        </div>
        <p>{t('filing.uploaded', { n: filing.uploaded.length - failed.length })}</p>
        {failed.length > 0 && (
          <p role="alert" className="problem">
            {t('filing.uploadFailed', { names: failed.map((u) => u.name).join(', ') })}
          </p>
        )}
        <div className="button-row">
          <Button className="primary" onPress={() => window.print()}>
            {t('request.printSlip')}
          </Button>
          <Link to={`/requests/${r.id}`}>{t('filing.openRequest')}</Link>
          <Button onPress={onAnother}>{t('filing.another')}</Button>
        </div>
      </div>
      <Slip request={r} procedure={filing.procedure} />
    </>
  );
}
