import { FormEvent, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { Choice, LongText } from '@annex/web-kit';
import { useT } from '../../i18n';

/** A modal asking for the message or reason a transition carries (focus trapped, Escape closes). */
export function ReasonDialog({
  title,
  notice,
  label,
  required,
  busy,
  serverError,
  onCancel,
  onConfirm,
  grounds,
}: {
  title: string;
  /** Said above the field: e.g. that the citizen will be told (SMS or e-mail). */
  notice?: string;
  label: string;
  required: boolean;
  busy: boolean;
  serverError: string | null;
  onCancel: () => void;
  onConfirm: (reason: string, ground?: string) => void;
  /** Law 55-19: a refusal cites one of the procedure's legal grounds. */
  grounds?: { value: string; label: string }[];
}) {
  const t = useT();
  const [text, setText] = useState('');
  const [ground, setGround] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [groundError, setGroundError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const missingGround = !!grounds?.length && !ground;
    setGroundError(missingGround ? t('errors.required') : null);
    if (required && !text.trim()) return setError(t('errors.required'));
    if (missingGround) return;
    onConfirm(text.trim(), grounds?.length ? ground : undefined);
  }
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onCancel()} className="modal">
      <Dialog className="dialog">
        <form onSubmit={submit} noValidate>
          <Heading slot="title">{title}</Heading>
          {notice && <p className="notice">{notice}</p>}
          {grounds && grounds.length > 0 && (
            <Choice
              id="ground"
              label={t('action.legalGround')}
              value={ground}
              onChange={setGround}
              options={grounds}
              isRequired
              error={groundError ?? undefined}
            />
          )}
          <LongText id="reason" label={label} value={text} onChange={setText} isRequired={required} error={error ?? undefined} />
          {serverError && (
            <p role="alert" className="problem">
              {serverError}
            </p>
          )}
          <div className="button-row">
            <Button type="submit" className="primary" isDisabled={busy}>
              {t('action.confirm')}
            </Button>
            <Button onPress={onCancel}>{t('action.cancelDialog')}</Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}

/** A modal asking to confirm a decision the citizen will be told about (nothing to type). */
export function ConfirmDialog({
  title,
  body,
  busy,
  serverError,
  onCancel,
  onConfirm,
}: {
  title: string;
  body: string;
  busy: boolean;
  serverError: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const t = useT();
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onCancel()} className="modal">
      <Dialog className="dialog" role="alertdialog">
        <Heading slot="title">{title}</Heading>
        <p className="notice">{body}</p>
        {serverError && (
          <p role="alert" className="problem">
            {serverError}
          </p>
        )}
        <div className="button-row">
          <Button className="primary" onPress={onConfirm} isDisabled={busy} autoFocus>
            {t('action.confirm')}
          </Button>
          <Button onPress={onCancel}>{t('action.cancelDialog')}</Button>
        </div>
      </Dialog>
    </Modal>
  );
}
