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
  queuePollSeconds: { value: 10, source: 'the agent app refreshes its queue every 10 s (apps/agent-web)' },
  dashboardViewsPerOfficeMinute: { value: 1, source: 'assumption: one supervisor dashboard per annex refreshed each minute' },
  dashboardCallsPerView: { value: 2, source: 'apps/agent-web Dashboard.tsx loads processing-times and SLA' },
} as const;

/** New requests a second at the busiest hour (k = 1). */
export const requestsPerSecond = () =>
  (MODEL.population.value * MODEL.requestsPerInhabitantYear.value * MODEL.peakFactor.value) /
  (MODEL.workingDays.value * MODEL.hoursPerDay.value * 3600);

export type FlowName =
  'tracking' | 'guide' | 'own requests' | 'submit' | 'claim' | 'approve' | 'deliver' | 'login' | 'agent queue' | 'dashboard';

export interface FlowModel {
  name: FlowName;
  /** Calls a second at k = 1. */
  rate: number;
  /** How the rate follows from the model. */
  why: string;
  /** Its p99 limit for the sustainable multiple. */
  p99LimitMs: number;
}

export function flows(): FlowModel[] {
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
    {
      name: 'agent queue',
      rate: agents / MODEL.queuePollSeconds.value,
      why: `${agents.toLocaleString('en')} agents / ${MODEL.queuePollSeconds.value} s`,
      p99LimitMs: 300,
    },
    {
      name: 'dashboard',
      rate: dashboards * MODEL.dashboardCallsPerView.value,
      why: `${MODEL.offices.value.toLocaleString('en')} annexes / 60 s × ${MODEL.dashboardCallsPerView.value} calls`,
      p99LimitMs: 1000,
    },
  ];
}

export const totalRate = () => flows().reduce((n, f) => n + f.rate, 0);
