import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import type { Prompt } from '../spoken';
import { announce, chime, enableSound, soundBlocked, spokenNumber } from './announce';
import { accessToken, isPaired, pair, refresh, screenApi } from './device';
import { Playlist } from './playlist';
import { dirOf, fmt, LANGS, Localized, Multi } from './texts';
import './screen.css';

interface Call {
  number: string;
  counter: number;
  at: string;
  /** A booked visit (checked in): shown with its own mark. */
  appointment?: boolean;
}

const SHOWN_CALLS = 7;

/**
 * The public display screen (/screen): the tickets being called beside the annex's playlist,
 * kept current by server-sent events (no reload). Paired once with a display-device account.
 */
export default function Screen() {
  const [state, setState] = useState<'starting' | 'paired' | 'unpaired'>(isPaired() ? 'starting' : 'unpaired');

  useEffect(() => {
    document.documentElement.lang = LANGS[0];
    document.documentElement.dir = dirOf(LANGS[0]);
  }, []);

  // Keeps the access token fresh for as long as the screen runs.
  useEffect(() => {
    if (state === 'unpaired') return;
    let timer: ReturnType<typeof setTimeout>;
    const renew = (first: boolean) =>
      refresh().then(
        (seconds) => {
          if (first) setState('paired');
          timer = setTimeout(() => renew(false), Math.max(10, seconds - 60) * 1000);
        },
        () => {
          if (!isPaired()) setState('unpaired');
          else timer = setTimeout(() => renew(first), 5000); // the API is away: try again
        },
      );
    if (state === 'starting') void renew(true);
    return () => clearTimeout(timer);
  }, [state]);

  if (state === 'unpaired') return <PairForm onPaired={() => setState('starting')} />;
  if (state === 'starting') return <main className="screen" aria-busy="true" />;
  return <Display />;
}

function Display() {
  const [calls, setCalls] = useState<Call[]>([]);
  const [items, setItems] = useState<Schemas['SignageDto'][]>([]);
  const [online, setOnline] = useState(false);
  const [muted, setMuted] = useState(soundBlocked());
  const [now, setNow] = useState(() => new Date());
  // The screen's title is its annex's name, read from the annex row the display belongs to.
  const [annex, setAnnex] = useState<Record<string, string> | undefined>();

  useEffect(() => {
    void screenApi.GET('/api/v1/annexes', { params: { query: { limit: 1 } } }).then(({ data }) => {
      const a = data?.items[0];
      if (a) setAnnex({ ar: a.nameAr, fr: a.nameFr, en: a.nameFr, ...(a.nameZgh ? { zgh: a.nameZgh } : {}) });
    });
  }, []);

  // The annex's recorded announcements (spoken guidance), read again when the signage changes.
  const [prompts, setPrompts] = useState<Prompt[]>([]);
  const promptsRef = useRef(prompts);
  promptsRef.current = prompts;
  const loadPrompts = useCallback(async () => {
    const { data } = await screenApi.GET('/api/v1/signage/prompts');
    if (data) setPrompts(data);
  }, []);
  useEffect(() => {
    void loadPrompts();
  }, [loadPrompts]);

  const loadSignage = useCallback(async () => {
    const { data } = await screenApi.GET('/api/v1/signage', { params: { query: { limit: 100 } } });
    if (data) setItems(data.items);
  }, []);

  // The predicted wait per service group, the figure a ticket or a booking answer gives.
  const [waits, setWaits] = useState<Schemas['GroupWaitDto'][]>([]);
  const loadWaits = useCallback(async () => {
    const { data } = await screenApi.GET('/api/v1/screen/waits');
    if (data) setWaits(data.items);
  }, []);
  useEffect(() => {
    void loadWaits();
    const every = setInterval(() => void loadWaits(), 30_000);
    return () => clearInterval(every);
  }, [loadWaits]);

  useEffect(() => {
    void loadSignage();
    const tick = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(tick);
  }, [loadSignage]);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const connect = () => {
      source = new EventSource(`/api/v1/screen/stream?access_token=${encodeURIComponent(accessToken() ?? '')}`);
      source.onopen = () => {
        setOnline(true);
        void loadSignage(); // whatever changed while away
      };
      source.addEventListener('ticket.called', (e) => {
        const call = JSON.parse((e as MessageEvent<string>).data) as Call;
        setCalls((list) => [call, ...list.filter((c) => c.number !== call.number)].slice(0, SHOWN_CALLS));
        void loadWaits();
        chime();
        void announce(
          promptsRef.current,
          LANGS.filter((l) => l !== 'en').map((lang) => ({
            lang,
            text: fmt(lang, 'spoken', { number: spokenNumber(call.number), counter: call.counter }),
          })),
        );
      });
      source.addEventListener('signage.changed', () => {
        void loadSignage();
        void loadPrompts();
      });
      source.onerror = () => {
        setOnline(false);
        // A refused token closes the stream for good: renew it and connect again.
        if (source?.readyState === EventSource.CLOSED && !closed) {
          retry = setTimeout(
            () =>
              void refresh()
                .catch(() => undefined)
                .then(connect),
            3000,
          );
        }
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [loadSignage, loadWaits, loadPrompts]);

  const [latest, ...earlier] = calls;
  const map = items.filter((i) => i.kind === 'services_map');
  const playlist = items.filter((i) => i.kind !== 'services_map');
  const clock = new Intl.DateTimeFormat('fr-MA', { hour: '2-digit', minute: '2-digit' }).format(now);

  return (
    <main className="screen" data-online={online}>
      <header className="screen-head">
        <p className="screen-title" data-annex={annex ? 'loaded' : undefined}>
          {annex ? <Localized text={annex} /> : <Multi k="title" />}
        </p>
        <p className="screen-clock">{clock}</p>
      </header>
      <section className="screen-calls" aria-labelledby="now-serving" aria-live="polite">
        <h1 id="now-serving">
          <Multi k="nowServing" />
        </h1>
        {latest ? (
          <div className="now" data-number={latest.number} data-appointment={latest.appointment || undefined}>
            <p className="now-number">{latest.number}</p>
            {latest.appointment && (
              <p className="appointment-mark">
                <Multi k="appointment" />
              </p>
            )}
            <p className="now-counter">
              <Multi k="counter" values={{ counter: latest.counter }} />
            </p>
          </div>
        ) : (
          <p className="now-empty">
            <Multi k="noCallYet" />
          </p>
        )}
        {earlier.length > 0 && (
          <>
            <h2>
              <Multi k="earlierCalls" />
            </h2>
            <ol className="earlier">
              {earlier.map((c) => (
                <li key={`${c.number}-${c.at}`} data-appointment={c.appointment || undefined}>
                  <span className="earlier-number">{c.number}</span> <Multi k="counter" values={{ counter: c.counter }} />
                  {c.appointment && (
                    <span className="appointment-mark">
                      {' '}
                      <Multi k="appointment" />
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
        {waits.length > 0 && (
          <>
            <h2>
              <Multi k="waitsTitle" />
            </h2>
            <ul className="waits">
              {waits.map((w) => (
                <li key={w.group} data-group={w.group} data-minutes={w.estimatedWaitMinutes}>
                  <Multi k="groupWait" values={{ group: w.group, minutes: w.estimatedWaitMinutes }} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="screen-playlist" aria-label={fmt(LANGS[0], 'title')}>
        {playlist.length ? (
          <Playlist items={playlist} />
        ) : (
          <p className="slide">
            <Multi k="emptyPlaylist" />
          </p>
        )}
      </section>
      {map.length > 0 && (
        <section className="screen-map" aria-labelledby="services-map">
          <h2 id="services-map">
            <Multi k="servicesMap" />
          </h2>
          {map.map((m) => (
            <p key={m.id}>
              {LANGS.filter((l) => m.title[l]).map((l) => (
                <span key={l} lang={l} dir={dirOf(l)} className="multi">
                  <strong>{m.title[l]}</strong> {m.body?.[l]}
                </span>
              ))}
            </p>
          ))}
        </section>
      )}
      {!online && (
        <p className="screen-offline" role="status">
          <Multi k="offline" />
        </p>
      )}
      {muted && (
        <button type="button" className="screen-sound" onClick={() => void enableSound().then(() => setMuted(soundBlocked()))}>
          <Multi k="enableSound" />
        </button>
      )}
    </main>
  );
}

function PairForm({ onPaired }: { onPaired: () => void }) {
  const [failed, setFailed] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      await pair(String(form.get('login')), String(form.get('password')));
      onPaired();
    } catch {
      setFailed(true);
    }
  }
  return (
    <main className="screen screen-pair">
      <h1>
        <Multi k="pairTitle" />
      </h1>
      <p>
        <Multi k="pairIntro" />
      </p>
      {failed && (
        <p className="screen-error" role="alert">
          <Multi k="pairFailed" />
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="screen-login">
          <Multi k="username" />
        </label>
        <input id="screen-login" name="login" autoComplete="username" required />
        <label htmlFor="screen-password">
          <Multi k="password" />
        </label>
        <input id="screen-password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">
          <Multi k="pair" />
        </button>
      </form>
    </main>
  );
}
