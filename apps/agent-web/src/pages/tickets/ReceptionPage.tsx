import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, ApiError, must } from '../../api/client';
import { Choice, ErrorSummary, FieldProblem, TextInput, useIdentity } from '@annex/web-kit';
import { useLang, useT } from '../../i18n';
import { Link } from '../../router';
import { groupName } from './names';
import { PRIORITIES, Ticket, useTickets } from './useTickets';
import { WaitingRoom } from './WaitingRoom';

/** Reception: issue a ticket (group, priority, optional phone and language), print or text it, and see the waiting room. */
export function ReceptionPage() {
  const t = useT();
  const { lang } = useLang();
  const client = useQueryClient();
  // 06… or +2126… as typed at the desk, checked with the API's mobile rule and sent in E.164.
  const identity = useIdentity(api);
  const waiting = useTickets('waiting');
  const [group, setGroup] = useState('');
  const [priority, setPriority] = useState('none');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<string>(lang);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [issued, setIssued] = useState<(Ticket & { sms: boolean }) | null>(null);

  const issue = useMutation({
    mutationFn: async (body: {
      group: string;
      priority?: 'elderly' | 'disabled' | 'pregnant';
      phone?: string;
      language?: 'ar' | 'fr' | 'en';
    }) => ({ ...must(await api.POST('/api/v1/tickets', { body: body as never })), sms: !!body.phone }),
    onSuccess: (ticket) => {
      setIssued(ticket);
      setGroup('');
      setPriority('none');
      setPhone('');
    },
    onError: (e) =>
      setProblems([
        e instanceof ApiError && e.status === 400
          ? { field: 'ticket-phone', label: t('tickets.phone'), message: t('tickets.phoneFormat') }
          : { field: 'ticket-group', label: t('tickets.group'), message: t('errors.failed') },
      ]),
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = [
      ...(group ? [] : [{ field: 'ticket-group', label: t('tickets.group'), message: t('tickets.chooseGroup') }]),
      ...(phone.trim() && !identity.mobile(phone)
        ? [{ field: 'ticket-phone', label: t('tickets.phone'), message: t('tickets.phoneFormat') }]
        : []),
    ];
    setProblems(found);
    if (found.length) return;
    const e164 = phone.trim() ? identity.mobile(phone)! : undefined;
    issue.mutate({
      group,
      ...(priority !== 'none' ? { priority: priority as (typeof PRIORITIES)[number] } : {}),
      ...(e164 ? { phone: e164, language: language as 'ar' | 'fr' | 'en' } : {}),
    });
  }
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;

  return (
    <section aria-labelledby="reception-title">
      <h1 id="reception-title" className="no-print">
        {t('tickets.receptionTitle')}
      </h1>
      <p className="no-print">
        <Link to="/reception/appointment">{t('booking.link')}</Link>
      </p>
      {issued && (
        <div className="panel issued-ticket" role="status" aria-labelledby="issued-title">
          <h2 id="issued-title">{t('tickets.issuedTitle')}</h2>
          <p className="ticket-number" data-number={issued.number}>
            <bdi dir="ltr" className="code">
              {issued.number}
            </bdi>
          </p>
          <p>{groupName(t, issued.group)}</p>
          <p>{t('tickets.ahead', { n: issued.ahead ?? 0, minutes: issued.estimatedWaitMinutes ?? 0 })}</p>
          {issued.sms && <p className="no-print">{t('tickets.smsSent')}</p>}
          <div className="button-row no-print">
            <button type="button" onClick={() => window.print()}>
              {t('tickets.print')}
            </button>
            <button type="button" className="link-button" onClick={() => setIssued(null)}>
              {t('tickets.another')}
            </button>
          </div>
        </div>
      )}
      <form onSubmit={submit} noValidate className="no-print">
        <ErrorSummary problems={problems} />
        <Choice
          id="ticket-group"
          label={t('tickets.group')}
          value={group}
          onChange={setGroup}
          error={errorOf('ticket-group')}
          isRequired
          options={['A', 'B', 'C'].map((g) => ({ value: g, label: groupName(t, g) }))}
        />
        <Choice
          id="ticket-priority"
          label={t('tickets.priorityLabel')}
          value={priority}
          onChange={setPriority}
          options={[
            { value: 'none', label: t('tickets.priority.none') },
            ...PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) })),
          ]}
        />
        <TextInput
          id="ticket-phone"
          label={t('tickets.phone')}
          hint={t('tickets.phoneHint')}
          type="tel"
          dir="ltr"
          value={phone}
          onChange={setPhone}
          error={errorOf('ticket-phone')}
          autoComplete="off"
        />
        {phone.trim() && (
          <Choice
            id="ticket-language"
            label={t('tickets.smsLanguage')}
            value={language}
            onChange={setLanguage}
            options={[
              { value: 'ar', label: 'العربية' },
              { value: 'fr', label: 'Français' },
              { value: 'en', label: 'English' },
            ]}
          />
        )}
        <button type="submit" className="primary" disabled={issue.isPending}>
          {t('tickets.issue')}
        </button>
      </form>
      <div className="no-print">
        <WaitingRoom waiting={waiting.data ?? []} />
      </div>
    </section>
  );
}
