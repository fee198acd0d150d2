import { FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import type { Schemas } from '@annex/api-client';
import { useT } from '../i18n';
import { ErrorSummary, Failure, FieldProblem, TextInput } from '../ui';
import { track, trackingProblem, TrackResult } from '../pages/track';
import { Keypad, press } from './keypad';

/** Tracking at the kiosk: tracking code and CIN typed on the keypad (passport and firearm dossiers too). */
export function KioskTrack() {
  const { t } = useT();
  const [values, setValues] = useState({ code: '', cin: '' });
  const [active, setActive] = useState<'code' | 'cin'>('code');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<Schemas['TrackingDto'] | null>(null);
  const labels = { code: t('track.code'), cin: t('track.cin') };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const found = (['code', 'cin'] as const)
      .filter((f) => !values[f].trim())
      .map((f) => ({ field: `kiosk-${f}`, message: t('error.required', { field: labels[f] }) }));
    setProblems(found);
    setProblem(null);
    setResult(null);
    if (found.length) return;
    try {
      setResult(await track(values.code, values.cin));
    } catch (err) {
      setProblem(trackingProblem(err, t));
    }
  }

  return (
    <section aria-labelledby="kiosk-track-title">
      <ErrorSummary problems={problems} />
      <h1 id="kiosk-track-title">{t('track.title')}</h1>
      <p>{t('kiosk.trackIntro')}</p>
      <form onSubmit={submit} noValidate className="kiosk-form">
        {(['code', 'cin'] as const).map((f) => (
          <TextInput
            key={f}
            id={`kiosk-${f}`}
            className={active === f ? 'active' : undefined}
            label={labels[f]}
            hint={t(f === 'code' ? 'track.codeHint' : 'track.cinHint')}
            value={values[f]}
            onChange={(v) => setValues({ ...values, [f]: v.toUpperCase() })}
            onFocus={() => setActive(f)}
            error={problems.find((p) => p.field === `kiosk-${f}`)?.message}
            inputMode="none"
            autoComplete="off"
            dir="ltr"
          />
        ))}
        <Keypad target={labels[active]} onKey={(k) => setValues((v) => ({ ...v, [active]: press(v[active], k) }))} />
        <Button type="submit" className="button">
          {t('track.search')}
        </Button>
      </form>
      {problem && <Failure>{problem}</Failure>}
      {result && <TrackResult result={result} />}
    </section>
  );
}
