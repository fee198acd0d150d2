import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Button } from 'react-aria-components';
import { api, must } from '../../api/client';
import { Dropdown, ErrorSummary, TextInput } from '@annex/web-kit';
import { fieldErrors } from '../../components/problems';
import { MessageId, useFormat, useT } from '../../i18n';

const ROLES: Schemas['StaffRole'][] = ['reception', 'agent', 'supervisor', 'admin', 'kiosk', 'display'] as Schemas['StaffRole'][];

/** Staff and device accounts: list, create, change role, disable. */
export function StaffPage() {
  const t = useT();
  const f = useFormat();
  const client = useQueryClient();
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: async () => must(await api.GET('/api/v1/staff', { params: { query: { limit: 100 } } })).items,
  });
  const patch = useMutation({
    mutationFn: async ({ id, body }: { id: string; body: Schemas['StaffPatch'] }) =>
      must(await api.PATCH('/api/v1/staff/{id}', { params: { path: { id } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['staff'] }),
  });
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('admin.staff')}</h1>
      {patch.isError && (
        <p role="alert" className="problem">
          {t('errors.failed')}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.username')}</th>
            <th scope="col">{t('admin.fullName')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.active')}</th>
            <th scope="col">{t('admin.since')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.data?.map((s) => (
            <tr key={s.id}>
              <td dir="ltr">{s.username}</td>
              <td>
                {s.fullName}
                {s.fullNameAr && (
                  <>
                    {' · '}
                    <bdi lang="ar" dir="rtl">
                      {s.fullNameAr}
                    </bdi>
                  </>
                )}
              </td>
              <td>
                <Dropdown
                  id={`role-${s.id}`}
                  label={t('admin.roleOf', { name: s.username })}
                  value={s.role}
                  onChange={(role) => patch.mutate({ id: s.id, body: { role: role as Schemas['StaffRole'] } })}
                  options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageId) }))}
                />
              </td>
              <td>
                <Button
                  onPress={() => patch.mutate({ id: s.id, body: { active: !s.active } })}
                  aria-label={t(s.active ? 'admin.disableOne' : 'admin.enableOne', { name: s.username })}
                >
                  {t(s.active ? 'admin.disable' : 'admin.enable')}
                </Button>{' '}
                {t(s.active ? 'admin.yes' : 'admin.no')}
              </td>
              <td>{f.date(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewStaff />
    </section>
  );
}

/** A new staff or device account; `annexId`: in that annex (a province-wide admin onboarding one). */
export function NewStaff({ annexId, onCreated }: { annexId?: string; onCreated?: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [v, setV] = useState({ username: '', fullName: '', role: 'agent', password: '' });
  // Optional: the name as written in Arabic, printed in the Arabic column of certificates.
  const [fullNameAr, setFullNameAr] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: async () =>
      must(
        await api.POST('/api/v1/staff', {
          body: {
            ...v,
            role: v.role as Schemas['StaffRole'],
            ...(fullNameAr.trim() ? { fullNameAr: fullNameAr.trim() } : {}),
            ...(annexId ? { annexId } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setErrors({});
      setV({ username: '', fullName: '', role: v.role, password: '' });
      setFullNameAr('');
      void client.invalidateQueries({ queryKey: ['staff'] });
      onCreated?.();
    },
    onError: (e) => setErrors(Object.keys(fieldErrors(e, t)).length ? fieldErrors(e, t) : { username: t('errors.failed') }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const missing = Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => !x.trim())
        .map(([k]) => [k, t('errors.required')]),
    );
    setErrors(missing);
    if (!Object.keys(missing).length) create.mutate();
  }
  const label = (k: string) => t(`admin.${k}` as MessageId);
  return (
    <form onSubmit={submit} noValidate className="panel">
      <h2>{t('admin.newStaff')}</h2>
      <ErrorSummary problems={Object.entries(errors).map(([k, message]) => ({ field: `s-${k}`, label: label(k), message }))} />
      <TextInput
        id="s-username"
        label={label('username')}
        value={v.username}
        onChange={(username) => setV({ ...v, username })}
        error={errors.username}
        dir="ltr"
      />
      <TextInput
        id="s-fullName"
        label={label('fullName')}
        value={v.fullName}
        onChange={(fullName) => setV({ ...v, fullName })}
        error={errors.fullName}
      />
      <TextInput
        id="s-fullNameAr"
        label={label('fullNameAr')}
        value={fullNameAr}
        onChange={setFullNameAr}
        error={errors.fullNameAr}
        dir="rtl"
      />
      <Dropdown
        id="s-role"
        label={label('role')}
        value={v.role}
        onChange={(role) => setV({ ...v, role })}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageId) }))}
      />
      <TextInput
        id="s-password"
        type="password"
        label={label('password')}
        value={v.password}
        onChange={(password) => setV({ ...v, password })}
        error={errors.password}
        autoComplete="new-password"
        dir="ltr"
      />
      {create.isSuccess && <p role="status">{t('admin.staffCreated')}</p>}
      <Button type="submit" className="primary" isDisabled={create.isPending}>
        {t('admin.create')}
      </Button>
    </form>
  );
}
