/**
 * The national busiest hour as data (issue 31): the traffic Morocco's annexes would send at the
 * busiest hour of the year, per flow, at k = 1. `npm run bench -- --national` replays k × these
 * rates open-loop. Every figure here is an input or follows from the inputs; the table printed
 * into bench/results.md is built from this file.
 */
export const MODEL = {
  population: { value: 36_800_000, source: 'HCP, RGPH 2024: 36.8 M legal population' },
  offices: { value: 1_600, source: 'about 1,600 annex-level offices (annexes administratives and caïdats), Ministry of the Interior' },
  requestsPerInhabitantYear: { value: 1, source: 'assumption: one procedure per inhabitant a year' },
  workingDays: { value: 250, source: 'assumption: 250 working days a year' },
  hoursPerDay: { value: 8, source: 'assumption: 8 opening hours a day' },
  peakFactor: { value: 2, source: 'assumption: the busiest hour carries twice the average hour' },
  agentsPerOffice: { value: 8, source: 'assumption: 8 agents at their screens per annex' },
  queuePollSeconds: { value: 10, source: 'agents: poll — the agent app before its stream: the queue refreshed every 10 s' },
  queueVisitsPerRequest: {
    value: 3,
    source:
      'agents: stream — the agent returns to the queue page after each claim, approval and delivery; the page then reads its 25 rows and takes a stream ticket for a new stream (apps/agent-web: the stream lives with the page)',
  },
  dashboardViewsPerOfficeMinute: { value: 1, source: 'assumption: one supervisor dashboard per annex refreshed each minute' },
  dashboardCallsPerView: { value: 2, source: 'apps/agent-web Dashboard.tsx loads processing-times and SLA' },
} as const;

/** New requests a second at the busiest hour (k = 1). */
export const requestsPerSecond = () =>
  (MODEL.population.value * MODEL.requestsPerInhabitantYear.value * MODEL.peakFactor.value) /
  (MODEL.workingDays.value * MODEL.hoursPerDay.value * 3600);

export type FlowName =
  | 'tracking'
  | 'guide'
  | 'own requests'
  | 'submit'
  | 'claim'
  | 'approve'
  | 'deliver'
  | 'login'
  | 'agent queue'
  | 'queue reopen'
  | 'dashboard';

/**
 * How the agents' queue pages load: `poll` GET /requests?limit=100 every 10 s (the app before
 * issue 31), `conditional` the same with If-None-Match, `stream` as the app does now (one open
 * event stream per agent; the list read when the page opens and revalidated on ready/resync).
 */
export type AgentsMode = 'poll' | 'conditional' | 'stream';

/** Open queue streams at k: every agent of every annex carried keeps one. */
export const streamsAt = (k: number) => Math.round(k * MODEL.offices.value * MODEL.agentsPerOffice.value);

export interface FlowModel {
  name: FlowName;
  /** Calls a second at k = 1. */
  rate: number;
  /** How the rate follows from the model. */
  why: string;
  /** Its p99 limit for the sustainable multiple. */
  p99LimitMs: number;
}

export function flows(agentsMode: AgentsMode = 'stream'): FlowModel[] {
  const r = requestsPerSecond();
  const perRequest = (name: FlowName, n: number, p99LimitMs: number, what: string): FlowModel => ({
    name,
    rate: r * n,
    why: `${n} × ${r.toFixed(2)} requests/s (${what})`,
    p99LimitMs,
  });
  const agents = MODEL.offices.value * MODEL.agentsPerOffice.value;
  const dashboards = (MODEL.offices.value * MODEL.dashboardViewsPerOfficeMinute.value) / 60;
  return [
    perRequest('tracking', 3, 200, 'trackings per request'),
    perRequest('guide', 5, 200, 'guide reads per request, list and detail alternating'),
    perRequest('own requests', 2, 300, "the citizen's own-request pages per request"),
    perRequest('submit', 1, 1000, 'the filing itself'),
    perRequest('claim', 1, 1000, 'an agent takes it'),
    perRequest('approve', 1, 1000, 'the decision'),
    perRequest('deliver', 1, 1000, 'handed over'),
    perRequest('login', 1, 1000, 'a citizen sign-in (argon2id) per request'),
    ...(agentsMode === 'stream'
      ? [
          perRequest('agent queue', MODEL.queueVisitsPerRequest.value, 300, 'queue page openings per request: its first 25 rows'),
          perRequest(
            'queue reopen',
            MODEL.queueVisitsPerRequest.value,
            300,
            `the same openings' stream tickets; ${agents.toLocaleString('en')} streams held at k = 1`,
          ),
        ]
      : [
          {
            name: 'agent queue' as const,
            rate: agents / MODEL.queuePollSeconds.value,
            why: `${agents.toLocaleString('en')} agents / ${MODEL.queuePollSeconds.value} s`,
            p99LimitMs: 300,
          },
        ]),
    {
      name: 'dashboard',
      rate: dashboards * MODEL.dashboardCallsPerView.value,
      why: `${MODEL.offices.value.toLocaleString('en')} annexes / 60 s × ${MODEL.dashboardCallsPerView.value} calls`,
      p99LimitMs: 1000,
    },
  ];
}

export const totalRate = (agentsMode: AgentsMode = 'stream') => flows(agentsMode).reduce((n, f) => n + f.rate, 0);
