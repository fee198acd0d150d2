import { useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { newIdempotencyKey } from '@annex/web-kit';
import { Procedure, ServiceRequest } from '../../api/queries';
import { useT } from '../../i18n';
import { CheckAnswers } from './CheckAnswers';
import { CitizenStep } from './CitizenStep';
import { Confirmation } from './Confirmation';
import { DocumentsStep } from './DocumentsStep';
import { Beneficiary, FamilyStep } from './FamilyStep';
import { FormStep } from './FormStep';
import { ProcedureStep } from './ProcedureStep';

export type Citizen = Schemas['CitizenDto'];
export type Step = 'citizen' | 'family' | 'procedure' | 'form' | 'documents' | 'check' | 'done';
export interface Filing {
  citizen?: Citizen;
  /** Filing for the walk-in's child or for someone who gave them a mandate (none: for themselves). */
  beneficiary?: Beneficiary;
  procedure?: Procedure;
  form: Record<string, string>;
  /** Files by document code, uploaded once the request exists. */
  files: Record<string, File>;
  /** Field errors from the API, by form key. */
  serverErrors: Record<string, string>;
  request?: ServiceRequest;
  uploaded: { code: string; ok: boolean; name: string }[];
  /** One key per filing: a double click or a retry files it once. */
  idempotencyKey: string;
}

const fresh = (): Filing => ({ form: {}, files: {}, serverErrors: {}, uploaded: [], idempotencyKey: newIdempotencyKey() });

/** Assisted filing for a walk-in, one question per page (GOV.UK), with a check page before sending. */
export function FilingPage() {
  const t = useT();
  const [step, setStep] = useState<Step>('citizen');
  const [filing, setFiling] = useState<Filing>(fresh);
  const update = (patch: Partial<Filing>, next?: Step) => {
    setFiling((f) => ({ ...f, ...patch }));
    if (next) setStep(next);
  };
  const steps: Step[] = ['citizen', 'family', 'procedure', 'form', 'documents', 'check'];
  const at = steps.indexOf(step);
  return (
    <section aria-labelledby="filing-title" className="narrow">
      <p className="caption" id="filing-title">
        {t('filing.title')}
        {at >= 0 && ` — ${t('filing.stepOf', { n: at + 1, total: steps.length })}`}
      </p>
      {step === 'citizen' && <CitizenStep onChosen={(citizen) => update({ citizen, beneficiary: undefined }, 'family')} />}
      {step === 'family' && filing.citizen && (
        <FamilyStep
          citizen={filing.citizen}
          onBack={() => setStep('citizen')}
          onChosen={(beneficiary) => update({ beneficiary }, 'procedure')}
        />
      )}
      {step === 'procedure' && (
        <ProcedureStep
          value={filing.procedure?.code}
          onBack={() => setStep('family')}
          onChosen={(procedure) => update({ procedure, form: filing.procedure?.code === procedure.code ? filing.form : {} }, 'form')}
        />
      )}
      {step === 'form' && filing.procedure && (
        <FormStep
          procedure={filing.procedure}
          initial={filing.form}
          serverErrors={filing.serverErrors}
          onBack={() => setStep('procedure')}
          onDone={(form) => update({ form, serverErrors: {} }, 'documents')}
        />
      )}
      {step === 'documents' && filing.procedure && (
        <DocumentsStep
          procedure={filing.procedure}
          files={filing.files}
          onBack={() => setStep('form')}
          onDone={(files) => update({ files }, 'check')}
        />
      )}
      {step === 'check' && <CheckAnswers filing={filing} onChange={setStep} onFiled={(patch, next) => update(patch, next)} />}
      {step === 'done' && filing.request && (
        <Confirmation
          filing={filing}
          onAnother={() => {
            setFiling(fresh());
            setStep('citizen');
          }}
        />
      )}
    </section>
  );
}
