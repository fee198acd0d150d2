import { FormEvent, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { LongText } from '../../components/fields';
import { useT } from '../../i18n';

/** A modal asking for the message or reason a transition carries (focus trapped, Escape closes). */
export function ReasonDialog({ title, label, required, busy, serverError, onCancel, onConfirm }: {
  title: string;
  label: string;
  required: boolean;
  busy: boolean;
  serverError: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (required && !text.trim()) return setError(t('errors.required'));
    onConfirm(text.trim());
  }
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onCancel()} className="modal" >
      <Dialog className="dialog">
        <form onSubmit={submit} noValidate>
          <Heading slot="title">{title}</Heading>
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
