import { FormEvent, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { api, unwrap } from '../api';
import { MessageId, useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, Loading, TextInput, usePageTitle } from '../ui';
import { fieldProblems, generalProblem } from '../problems';
import { Mandates } from './family-mandates';

const CHILD_FIELDS = ['firstName', 'lastName', 'firstNameAr', 'lastNameAr', 'birthDate', 'birthRecordRef'] as const;
type Child = Record<(typeof CHILD_FIELDS)[number], string>;
const EMPTY: Child = { firstName: '', lastName: '', firstNameAr: '', lastNameAr: '', birthDate: '', birthRecordRef: '' };

/** "My family": minor children (confirmed at a counter) and mandates given or held. */
export function FamilyPage() {
  const { t } = useT();
  const title = usePageTitle(t('family.title'));
  return (
    <section aria-labelledby="family-title" className="narrow">
      <h1 id="family-title" ref={title} tabIndex={-1}>
        {t('family.title')}
      </h1>
      <p>{t('family.intro')}</p>
      <Dependents />
      <Mandates />
    </section>
  );
}

function Dependents() {
  const { t, lang, date } = useT();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['me', 'dependents'], queryFn: () => unwrap(api.GET('/api/v1/me/dependents')) });
  const [child, setChild] = useState<Child>(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [added, setAdded] = useState(false);
  const label = (f: string) => ((CHILD_FIELDS as readonly string[]).includes(f) ? t(`family.${f}` as MessageId) : undefined);
  const add = useMutation({
    mutationFn: (body: Child) => unwrap(api.POST('/api/v1/me/dependents', { body })),
    onSuccess: () => (setChild(EMPTY), setAdded(true), client.invalidateQueries({ queryKey: ['me', 'dependents'] })),
    onError: (err) => {
      const found = fieldProblems(err, t, label);
      setProblems(found.length ? found : [{ field: 'add-child', message: generalProblem(err, t) }]);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    setAdded(false);
    add.mutate(child);
  }
  return (
    <>
      <h2>{t('family.dependents')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Failure>{generalProblem(list.error, t)}</Failure>
      ) : list.data.length === 0 ? (
        <p>{t('family.noDependents')}</p>
      ) : (
        <ul className="cards" data-testid="dependents">
          {list.data.map((d) => (
            <li key={d.id} className="card">
              <h3>
                <bdi>{lang === 'ar' ? `${d.firstNameAr} ${d.lastNameAr}` : `${d.firstName} ${d.lastName}`}</bdi>
              </h3>
              <p className="hint">{date(d.birthDate)}</p>
              <p className={`tag ${d.status}`}>{t(`family.status.${d.status}` as MessageId)}</p>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('family.add')}</h3>
      <ErrorSummary problems={problems} />
      {added && <p role="status">{t('family.added')}</p>}
      <form onSubmit={submit} noValidate>
        {CHILD_FIELDS.map((f) => (
          <TextInput
            key={f}
            id={f}
            label={t(`family.${f}` as MessageId)}
            type={f === 'birthDate' ? 'date' : 'text'}
            dir={f.endsWith('Ar') ? 'rtl' : f === 'birthRecordRef' ? 'ltr' : undefined}
            value={child[f]}
            onChange={(v) => setChild((c) => ({ ...c, [f]: v }))}
            error={problems.find((p) => p.field === f)?.message}
            isRequired
          />
        ))}
        <Button id="add-child" type="submit" className="button" isDisabled={add.isPending}>
          {t('family.add')}
        </Button>
      </form>
    </>
  );
}
