import { useEffect, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { blobUrl } from '../../api/client';
import { useFormat, useT } from '../../i18n';
import { useAttachments } from './useRequest';

/** The request's documents: images shown inline, PDFs opened in a tab; fetched with the token. */
export function AttachmentsPanel({ id }: { id: string }) {
  const t = useT();
  const attachments = useAttachments(id);
  return (
    <section aria-labelledby="attachments-title" className="panel">
      <h2 id="attachments-title">{t('request.attachments')}</h2>
      {attachments.data?.length === 0 && <p>{t('request.noAttachments')}</p>}
      <ul className="attachments">
        {attachments.data?.map((a) => (
          <Attachment key={a.id} requestId={id} a={a} />
        ))}
      </ul>
    </section>
  );
}

function Attachment({ requestId, a }: { requestId: string; a: Schemas['AttachmentDto'] }) {
  const t = useT();
  const f = useFormat();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const image = a.contentType.startsWith('image/');
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  async function load() {
    try {
      const blob = await blobUrl(`/api/v1/requests/${requestId}/attachments/${a.id}`);
      setUrl(blob.url);
      // The API's CSP keeps blob: out of frames, so a PDF opens in its own tab.
      if (!image) window.open(blob.url, '_blank', 'noopener');
    } catch {
      setFailed(true);
    }
  }
  return (
    <li>
      <p>
        <span dir="ltr">{a.fileName}</span> · {a.documentCode ?? '—'} · {t('request.size', { kb: f.number(a.sizeBytes / 1024, 1) })}
      </p>
      {image && url ? (
        <img src={url} alt={t('request.attachmentAlt', { name: a.fileName })} className="attachment-image" />
      ) : (
        <Button onPress={() => void load()}>{t(image ? 'request.showImage' : 'request.openPdf', { name: a.fileName })}</Button>
      )}
      {url && !image && (
        <a href={url} download={a.fileName}>
          {t('request.download', { name: a.fileName })}
        </a>
      )}
      {failed && (
        <span role="alert" className="problem">
          {t('errors.failed')}
        </span>
      )}
    </li>
  );
}
