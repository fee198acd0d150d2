import { FormEvent, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { useIdentity } from '@annex/web-kit';
import { api, unwrap } from '../api';
import { useT } from '../i18n';
import { FieldProblem, normalizeCin, TextInput } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { bookingProblem } from './appointments';

/**
 * Booking without an account, once the slot is chosen: the CIN and the phone on file (checked with
 * the API's published identity rules), then the code sent by SMS books the slot.
 */
export function GuestBooking({
  what,
  slot,
  body,
  problems,
  setProblems,
  onBooked,
}: {
  /** The chosen procedure and time, in words. */
  what: string;
  slot: string;
  body: { procedureCode: string; startsAt: string; annexId: string };
  problems: FieldProblem[];
  setProblems: (p: FieldProblem[]) => void;
  onBooked: (a: Schemas['AppointmentDto']) => void;
}) {
  const { t, dateTime } = useT();
  const identity = useIdentity(api);
  const [cin, setCin] = useState('');
  const [phone, setPhone] = useState('');
  const [otp, setOtp] = useState('');
  const errorOf = (f: string) => problems.find((p) => p.field === f)?.message;

  const start = useMutation({
    mutationFn: (who: { cin: string; phone: string }) => unwrap(api.POST('/api/v1/appointments/guest', { body: { ...who, ...body } })),
    onSuccess: () => setOtp(''),
    onError: (err) => {
      const fields = fieldProblems(err, t, (f) => ({ cin: t('appointments.guest.cin'), phone: t('appointments.guest.phone') })[f]).map(
        (p) => ({ ...p, field: p.field === 'startsAt' ? 'guest-cin' : `guest-${p.field}` }),
      );
      setProblems(fields.length ? fields : [{ field: 'guest-cin', message: generalProblem(err, t) }]);
    },
  });
  const confirm = useMutation({
    mutationFn: (b: { codeId: string; code: string }) => unwrap(api.POST('/api/v1/appointments/guest/confirm', { body: b })),
    onSuccess: (a) => {
      setProblems([]);
      onBooked(a);
    },
    onError: (err) => {
      const fields = fieldProblems(err, t, () => t('appointments.guest.code'));
      setProblems([{ field: 'guest-code', message: fields[0]?.message ?? bookingProblem(err, t) }]);
    },
  });

  function sendCode(e: FormEvent) {
    e.preventDefault();
    const e164 = identity.mobile(phone);
    const found: FieldProblem[] = [
      ...(identity.isCin(cin) ? [] : [{ field: 'guest-cin', message: t('error.cinFormat') }]),
      ...(e164 ? [] : [{ field: 'guest-phone', message: t('error.phoneFormat') }]),
    ];
    setProblems(found);
    if (!found.length) start.mutate({ cin: normalizeCin(cin), phone: e164! });
  }

  function confirmCode(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(otp.trim()) || !start.data) return setProblems([{ field: 'guest-code', message: t('error.codeFormat') }]);
    confirm.mutate({ codeId: start.data.codeId, code: otp.trim() });
  }

  return start.isSuccess ? (
    <form onSubmit={confirmCode} noValidate aria-labelledby="book-title" className="guest-code">
      <p role="status">{t('appointments.guest.sent')}</p>
      <TextInput
        id="guest-code"
        label={t('appointments.guest.code')}
        value={otp}
        onChange={setOtp}
        error={errorOf('guest-code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        dir="ltr"
      />
      <Button type="submit" className="button" isDisabled={confirm.isPending}>
        {t('appointments.guest.confirm')}
      </Button>
    </form>
  ) : (
    <form onSubmit={sendCode} noValidate aria-labelledby="book-title" className="guest-who">
      <p>
        <strong>{what}</strong> · {dateTime(slot)}
      </p>
      <TextInput
        id="guest-cin"
        label={t('appointments.guest.cin')}
        value={cin}
        onChange={setCin}
        error={errorOf('guest-cin')}
        autoComplete="off"
        dir="ltr"
      />
      <TextInput
        id="guest-phone"
        label={t('appointments.guest.phone')}
        hint={t('appointments.guest.phoneHint')}
        value={phone}
        onChange={setPhone}
        error={errorOf('guest-phone')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        dir="ltr"
      />
      <Button type="submit" className="button" isDisabled={start.isPending}>
        {t('appointments.guest.send')}
      </Button>
    </form>
  );
}
