import { useState } from 'react';
import { Button } from 'react-aria-components';
import { blobUrl } from '../../api/client';
import { useT } from '../../i18n';

/** The certificate PDF, fetched with the token, opened in a new tab to print (or saved). */
export function CertificateButton({ id, number }: { id: string; number: string }) {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  async function open() {
    setFailed(false);
    try {
      const pdf = url ?? (await blobUrl(`/api/v1/requests/${id}/certificate`)).url;
      setUrl(pdf);
      window.open(pdf, '_blank', 'noopener');
    } catch {
      setFailed(true);
    }
  }
  return (
    <>
      <Button onPress={() => void open()}>{t('request.certificate', { number })}</Button>
      {url && (
        <a href={url} download={`${number}.pdf`} className="certificate-link">
          {t('request.certificateSave')}
        </a>
      )}
      {failed && (
        <span role="alert" className="problem">
          {t('errors.failed')}
        </span>
      )}
    </>
  );
}
