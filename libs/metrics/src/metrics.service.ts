import { Injectable } from '@nestjs/common';
import { annexOf, AppConfig, CalendarService, Forbidden, NotFound, Principal, resolvePeriod } from '@app/core';
import { CensusBy, GroupBy, ProcessingTimesQuery } from './dto/metrics-query.dto';
import {
  AnnexFiguresDto,
  CensusCellDto,
  CensusDto,
  ProcessingStatsDto,
  ProcessingTimesDto,
  ProvinceViewDto,
  SlaDto,
  TransparencyDto,
} from './dto/metrics.dto';
import { MetricsRepository, StatsRow } from './metrics.repository';

/** Cells under this many people are not published, so nobody can be singled out. */
export const SMALL_CELL = 5;
const TRANSPARENCY_CACHE_MS = 60_000;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const toStats = (r: StatsRow): ProcessingStatsDto => ({
  key: r.key,
  label: r.label,
  count: r.count,
  meanMinutes: round(r.mean),
  medianMinutes: round(r.median),
  p90Minutes: round(r.p90),
  slaComplianceRate: round(r.compliance, 4),
});

/** Published counts are rounded to the nearest multiple of this base. */
export const ROUNDING_BASE = 5;

/**
 * What the census may say of a count: 0 as it is, 1-4 nothing (null), the rest rounded to the
 * nearest multiple of ROUNDING_BASE. Totals, margins and movements go through it too, so that no
 * difference between published figures is exact (test/e2e/privacy/census.e2e-spec.ts derives).
 */
export function publishCount(n: number): number | null {
  if (n === 0) return 0;
  if (n < SMALL_CELL) return null;
  return Math.max(SMALL_CELL, Math.round(n / ROUNDING_BASE) * ROUNDING_BASE);
}

/**
 * Hides cells under SMALL_CELL, and, when exactly one cell is hidden, the next smallest too;
 * the others are rounded (publishCount).
 */
export function suppressSmallCells(cells: { key: string; label: string; count: number }[]): CensusCellDto[] {
  const out = cells.map((c) => ({ ...c, suppressed: c.count > 0 && c.count < SMALL_CELL }));
  if (out.filter((c) => c.suppressed).length === 1) {
    const next = out.filter((c) => !c.suppressed && c.count > 0).sort((a, b) => a.count - b.count)[0];
    if (next) next.suppressed = true;
  }
  return out.map((c) => ({ key: c.key, label: c.label, suppressed: c.suppressed, count: c.suppressed ? null : publishCount(c.count) }));
}

/** How stale the SLA dashboard may be (it says when it was computed, in asOf). */
const SLA_SNAPSHOT_MS = 5_000;

@Injectable()
export class MetricsService {
  private transparencyCache?: { at: number; value: TransparencyDto };
  /** One SLA snapshot per annex at a time, shared by every supervisor polling it. */
  private readonly slaSnapshots = new Map<string, { at: number; value: Promise<SlaDto> }>();

  constructor(
    private readonly repo: MetricsRepository,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
  ) {}

  async processingTimes(q: ProcessingTimesQuery, p: Principal): Promise<ProcessingTimesDto> {
    const annexId = annexOf(p);
    // An agent sees their own figures and the annex's averages, never a colleague's.
    if (p.role === 'agent' && q.agentId && q.agentId !== p.id) throw new Forbidden('Agents see their own figures only');
    const agentId = p.role === 'agent' ? p.id : q.agentId;
    const { from, to } = await this.period(annexId, q.from, q.to);
    const groupBy: GroupBy = q.groupBy ?? 'procedure';
    const [groups, annex] = await Promise.all([
      this.repo.processing(annexId, from, to, groupBy, agentId),
      this.repo.processing(annexId, from, to, null),
    ]);
    return { groupBy, from, to, groups: groups.map(toStats), annex: annex[0] ? toStats(annex[0]) : null };
  }

  /**
   * The SLA dashboard, computed at most every SLA_SNAPSHOT_MS per annex: counting 200,000 open
   * requests takes PostgreSQL tens of milliseconds, so fifty dashboards polling at once would
   * queue behind each other (2 s at p50 in the bench) instead of sharing one count.
   */
  sla(p: Principal): Promise<SlaDto> {
    const annexId = annexOf(p);
    const hit = this.slaSnapshots.get(annexId);
    if (hit && Date.now() - hit.at < SLA_SNAPSHOT_MS) return hit.value;
    const value = this.computeSla(annexId);
    this.slaSnapshots.set(annexId, { at: Date.now(), value });
    value.catch(() => this.slaSnapshots.delete(annexId));
    return value;
  }

  private async computeSla(annexId: string): Promise<SlaDto> {
    const asOf = new Date().toISOString();
    const { from, to } = await this.period(annexId);
    const [byProcedure, atRisk, overdue, overall] = await Promise.all([
      this.repo.slaCounts(annexId),
      this.repo.slaList(annexId, 'at_risk'),
      this.repo.slaList(annexId, 'overdue'),
      this.repo.processing(annexId, from, to, null),
    ]);
    const item = (r: Record<string, any>) => ({
      id: r.id,
      trackingCode: r.tracking_code,
      procedureCode: r.procedure_code,
      state: r.state,
      slaDueAt: new Date(r.sla_due_at).toISOString(),
      assigneeId: r.assignee_id,
    });
    const sum = (k: 'backlog' | 'atRisk' | 'overdue') => byProcedure.reduce((n: number, r: Record<string, number>) => n + r[k], 0);
    return {
      asOf,
      backlog: sum('backlog'),
      atRisk: sum('atRisk'),
      overdue: sum('overdue'),
      complianceRate30d: overall[0] ? round(overall[0].compliance, 4) : null,
      byProcedure,
      atRiskList: atRisk.map(item),
      overdueList: overdue.map(item),
    };
  }

  async census(by: CensusBy, p: Principal): Promise<CensusDto> {
    const annexId = annexOf(p);
    const [cells, movements] = await Promise.all([this.repo.census(annexId, by), this.repo.movements(annexId)]);
    return {
      by,
      total: publishCount(cells.reduce((n, c) => n + c.count, 0)),
      rounding: ROUNDING_BASE,
      cells: suppressSmallCells(cells),
      movements: movements.map((m) => ({ month: m.month, movedIn: publishCount(m.movedIn), movedOut: publishCount(m.movedOut) })),
    };
  }

  censusCsv(c: CensusDto): string {
    const esc = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const lines = [`${c.by},label,residents`, ...c.cells.map((x) => `${esc(x.key)},${esc(x.label)},${x.count ?? `<${SMALL_CELL}`}`)];
    return `${lines.join('\r\n')}\r\n`;
  }

  /** Public: no personal data, the same for everyone, cached briefly. */
  async transparency(annexCode?: string): Promise<TransparencyDto> {
    const code = annexCode ?? this.config.DEFAULT_ANNEX_CODE;
    const cached = this.transparencyCache;
    if (!annexCode && cached && Date.now() - cached.at < TRANSPARENCY_CACHE_MS) return cached.value;
    const annex = await this.repo.annexByCode(code);
    if (!annex) throw new NotFound('Annex');
    const { from, to } = await this.period(annex.id);
    const [{ procedures, channels }, legal] = await Promise.all([
      this.repo.transparency(annex.id, from, to),
      this.repo.legalDelays(annex.id, from, to, annex.time_zone),
    ]);
    const num = (v: unknown, digits = 1) => (v === null || v === undefined ? null : round(Number(v), digits));
    const value: TransparencyDto = {
      from,
      to,
      procedures: procedures.map((r: Record<string, any>) => ({
        procedureCode: r.code,
        name: r.name,
        decided: Number(r.decided),
        medianMinutes: num(r.median),
        p90Minutes: num(r.p90),
        slaComplianceRate: num(r.compliance, 4),
        withinLegalDelayRate: num(legal.get(r.code)?.withinLegal, 4),
        tacitAcceptances: legal.get(r.code)?.tacit ?? 0,
      })),
      channels: channels.map((r: Record<string, any>) => ({ channel: r.channel, requests: Number(r.requests) })),
      annexes: await this.compare(await this.repo.annexes(true)),
    };
    if (!annexCode) this.transparencyCache = { at: Date.now(), value };
    return value;
  }

  /**
   * The province view: a province-wide account sees every annex side by side, anyone else their
   * own; the same figures and small-cell rules as the public comparison.
   */
  async provinceView(p: Principal): Promise<ProvinceViewDto> {
    const annexes = await this.repo.annexes(false, p.annexId);
    const { from, to } = resolvePeriod({}, 'Africa/Casablanca', 30);
    return { from, to, annexes: await this.compare(annexes) };
  }

  /** Each annex's last 30 days (in its own time zone), counts under SMALL_CELL withheld with what they would reveal. */
  private compare(annexes: { id: string; code: string; name_ar: string; name_fr: string }[]): Promise<AnnexFiguresDto[]> {
    return Promise.all(
      annexes.map(async (a) => {
        const { from, to } = await this.period(a.id);
        const [[stats], sla, waits, residents] = await Promise.all([
          this.repo.processing(a.id, from, to, null),
          this.repo.slaCounts(a.id),
          this.repo.ticketWaits(a.id, from, to),
          this.repo.residents(a.id),
        ]);
        const enough = !!stats && stats.count >= SMALL_CELL;
        const sum = (k: 'backlog' | 'overdue') => sla.reduce((n: number, r: Record<string, number>) => n + r[k], 0);
        return {
          code: a.code,
          nameAr: a.name_ar,
          nameFr: a.name_fr,
          decided: stats ? (enough ? stats.count : null) : 0,
          medianMinutes: enough ? round(stats.median) : null,
          p90Minutes: enough ? round(stats.p90) : null,
          slaComplianceRate: enough ? round(stats.compliance, 4) : null,
          backlog: sum('backlog'),
          overdue: sum('overdue'),
          tickets: waits.tickets === 0 ? 0 : waits.tickets >= SMALL_CELL ? waits.tickets : null,
          ticketWaitMedianMinutes: waits.tickets >= SMALL_CELL && waits.median !== null ? round(waits.median) : null,
          residents: publishCount(residents),
        };
      }),
    );
  }

  /** A period of local days in the annex's time zone; by default the last 30 days. */
  private async period(annexId: string, from?: string, to?: string): Promise<{ from: string; to: string }> {
    return resolvePeriod({ from, to }, (await this.calendars.forAnnex(annexId)).timeZone, 30);
  }
}
