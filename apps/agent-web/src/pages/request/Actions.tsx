import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { api, ApiError, must, problemCode } from '../../api/client';
import { useMe, isDesk } from '../../api/me';
import { Procedure, RequestState, ServiceRequest } from '../../api/queries';
import { MessageId, useLang, useT } from '../../i18n';
import { claimable } from '../queue/QueueTable';
import { ConfirmDialog, ReasonDialog } from './ReasonDialog';

/** Someone else changed the request first (problem types of the API's 409 answers). */
const CONFLICTS = ['version-conflict', 'transition-not-allowed', 'already-claimed', 'request/held-by-another'];

interface Action {
  to: RequestState;
  label: MessageId;
  /** Asks for a message first: to the citizen (needs_info) or the reason (rejected). */
  reason?: 'required' | 'optional';
  danger?: boolean;
  /** The citizen hears about it (SMS or e-mail): confirmed before it is sent. */
  notifies?: boolean;
}

/** How each move looks at the desk, in the order the buttons come; which moves exist is the API's answer. */
const LOOK: Partial<Record<RequestState, { label: MessageId; danger?: boolean }>> = {
  approved: { label: 'action.approve' },
  needs_info: { label: 'action.askInfo' },
  forwarded: { label: 'action.forward' },
  rejected: { label: 'action.reject', danger: true },
  in_review: { label: 'action.infoReceived' },
  ready_for_pickup: { label: 'action.ready' },
  delivered: { label: 'action.handOver' },
  cancelled: { label: 'action.cancel', danger: true },
};
const ORDER = Object.keys(LOOK);

/** The moves the API allows this caller now, less those the platform makes itself (a certificate's "ready"). */
function actionsFor(r: ServiceRequest): Action[] {
  return r.allowedTransitions
    .filter((a) => !a.automatic && LOOK[a.to])
    .sort((a, b) => ORDER.indexOf(a.to) - ORDER.indexOf(b.to))
    .map((a) => ({ to: a.to, ...LOOK[a.to]!, reason: a.reason === 'none' ? undefined : a.reason, notifies: a.notifiesCitizen }));
}

export function Actions({ request, procedure }: { request: ServiceRequest; procedure: Procedure | undefined }) {
  const t = useT();
  const { lang } = useLang();
  const me = useMe().data;
  const client = useQueryClient();
  const [dialog, setDialog] = useState<Action | null>(null);
  // Set after a decision; the message reads the request's state as it is now (the page follows the
  // worker: approved → certificate rendered → ready for pickup).
  const [done, setDone] = useState(false);
  const reload = () => client.invalidateQueries({ queryKey: ['request', request.id] });
  const transition = useMutation({
    mutationFn: async ({ to, reason, ground }: { to: RequestState; reason?: string; ground?: string }) =>
      must(
        await api.POST('/api/v1/requests/{id}/transitions', {
          params: { path: { id: request.id } },
          body: {
            to: to as Schemas['RequestState'],
            version: request.version,
            ...(reason ? { reason } : {}),
            ...(ground ? { ground } : {}),
          },
        }),
      ),
    onSuccess: (r) => {
      setDialog(null);
      setDone(true);
      client.setQueryData(['request', request.id], r);
      void client.invalidateQueries({ queryKey: ['queue'] });
    },
    // The conflict explains itself on the page, not behind the dialog.
    onError: (e) => {
      if (CONFLICTS.includes(problemCode(e) ?? '')) setDialog(null);
    },
  });
  const [takingOver, setTakingOver] = useState(false);
  const takeover = useMutation({
    mutationFn: async (reason: string) =>
      must(
        await api.POST('/api/v1/requests/{id}/takeover', {
          params: { path: { id: request.id } },
          body: { reason, version: request.version },
        }),
      ),
    onSuccess: (r) => {
      setTakingOver(false);
      client.setQueryData(['request', request.id], r);
      void client.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const claim = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/requests/{id}/claim', { params: { path: { id: request.id } } })),
    onSuccess: (r) => client.setQueryData(['request', request.id], r),
  });
  if (!me || !isDesk(me.role)) return null;
  const error = transition.error ?? claim.error;
  const conflict = CONFLICTS.includes(problemCode(error) ?? '');
  // Someone else holds it: say who, offer no decision (a supervisor may take it over).
  const heldByOther = request.held && !!request.assigneeId && request.assigneeId !== me.id;
  const actions = actionsFor(request);

  function run(a: Action) {
    setDone(false);
    transition.reset();
    claim.reset();
    if (a.reason || a.notifies) setDialog(a);
    else transition.mutate({ to: a.to });
  }

  return (
    <section aria-labelledby="actions-title" className="panel actions">
      <h2 id="actions-title">{t('action.title')}</h2>
      {conflict && (
        <div role="alert" className="conflict">
          <h3>{t('conflict.title')}</h3>
          <p>
            {t('conflict.body', { state: t(`state.${String((error as ApiError).problem?.currentState ?? request.state)}` as MessageId) })}
          </p>
          <Button
            onPress={() => {
              transition.reset();
              claim.reset();
              void reload();
            }}
          >
            {t('conflict.reload')}
          </Button>
        </div>
      )}
      {error && !conflict && !dialog && (
        <p role="alert" className="problem">
          {(error as ApiError).status === 403 ? t('errors.forbidden') : t('errors.failed')}
        </p>
      )}
      <div aria-live="polite">
        {done && <p className="success">{t('action.done', { state: t(`state.${request.state}` as MessageId) })}</p>}
      </div>
      {heldByOther && (
        <p className="held" data-testid="held-by">
          {t('held.by', { name: request.assigneeName ?? t('held.someone') })}
        </p>
      )}
      <div className="button-row">
        {claimable(request) && (
          <Button className="primary" onPress={() => claim.mutate()} isDisabled={claim.isPending}>
            {t('queue.claim')}
          </Button>
        )}
        {actions.map((a) => (
          <Button
            key={a.to + a.label}
            className={a.danger ? 'danger' : a.to === 'approved' ? 'primary' : undefined}
            onPress={() => run(a)}
            isDisabled={transition.isPending}
          >
            {t(a.label)}
          </Button>
        ))}
        {heldByOther && me.role === 'supervisor' && (
          <Button onPress={() => setTakingOver(true)} isDisabled={takeover.isPending}>
            {t('held.takeover')}
          </Button>
        )}
        {actions.length === 0 && !heldByOther && !claimable(request) && <p>{t('action.none')}</p>}
      </div>
      {dialog && !dialog.reason && (
        <ConfirmDialog
          title={t(dialog.label)}
          body={t('action.notifiesCitizen')}
          busy={transition.isPending}
          serverError={!conflict && transition.error ? t('errors.failed') : null}
          onCancel={() => setDialog(null)}
          onConfirm={() => transition.mutate({ to: dialog.to })}
        />
      )}
      {dialog?.reason && (
        <ReasonDialog
          title={t(dialog.label)}
          notice={dialog.notifies ? t('action.notifiesCitizen') : undefined}
          label={t(
            dialog.to === 'needs_info' ? 'action.messageToCitizen' : dialog.to === 'rejected' ? 'action.rejectReason' : 'action.note',
          )}
          required={dialog.reason === 'required'}
          busy={transition.isPending}
          serverError={!conflict && transition.error ? t('errors.failed') : null}
          onCancel={() => setDialog(null)}
          grounds={
            dialog.to === 'rejected'
              ? procedure?.legalFrame?.refusalGrounds.map((g) => ({ value: g.code, label: g.label[lang] }))
              : undefined
          }
          onConfirm={(reason, ground) => transition.mutate({ to: dialog.to, reason, ground })}
        />
      )}
      {takingOver && (
        <ReasonDialog
          title={t('held.takeover')}
          label={t('held.takeoverReason')}
          required
          busy={takeover.isPending}
          serverError={takeover.error ? t('errors.failed') : null}
          onCancel={() => setTakingOver(false)}
          onConfirm={(reason) => takeover.mutate(reason)}
        />
      )}
    </section>
  );
}
