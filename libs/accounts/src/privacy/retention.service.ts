import { Injectable, Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, FileStorage } from '@app/core';
import { RetentionKind, retentionPolicy } from './retention-policy';

export class RetentionKindDto {
  @ApiProperty() kind: string;
  @ApiProperty({ description: 'Kept this many days' }) days: number;
  @ApiProperty({ description: 'Counted from' }) since: string;
  @ApiProperty({ enum: ['delete', 'anonymise', 'delete-file'], enumName: 'RetentionAction' }) action: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time', description: 'Rows older than this are past their period' }) cutoff: string;
  @ApiProperty({ description: 'Rows past their period now (dry run), or handled (run)' }) rows: number;
}

export class RetentionReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [RetentionKindDto] }) kinds: RetentionKindDto[];
}

/**
 * Applies the retention periods: deletes or anonymises what is past them, in one transaction
 * per kind, and records each run (counts only) in `retention_run`. A dry run only counts.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  private readonly policy: RetentionKind[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: FileStorage,
    config: AppConfig,
  ) {
    this.policy = retentionPolicy(config.RETENTION);
  }

  async run(dryRun: boolean, now = new Date()): Promise<RetentionReportDto> {
    const kinds: RetentionKindDto[] = [];
    for (const k of this.policy) {
      const cutoff = new Date(now.getTime() - k.days * 86_400_000);
      const rows = dryRun ? Number((await this.db.query(`SELECT count(*) ${k.where}`, [cutoff]))[0].count) : await this.apply(k, cutoff);
      kinds.push({ kind: k.kind, days: k.days, since: k.since, action: k.action, reason: k.reason, cutoff: cutoff.toISOString(), rows });
    }
    const counts = Object.fromEntries(kinds.map((k) => [k.kind, k.rows]));
    const [row] = await this.db.query(`INSERT INTO retention_run (dry_run, counts) VALUES ($1, $2) RETURNING at`, [dryRun, counts]);
    if (!dryRun) this.logger.log(`retention applied: ${JSON.stringify(counts)}`);
    return { dryRun, at: new Date(row.at).toISOString(), kinds };
  }

  private apply(k: RetentionKind, cutoff: Date): Promise<number> {
    return this.db.transaction(async (m: EntityManager) => {
      // The access log refuses deletes except from here.
      await m.query(`SELECT set_config('annex.retention', 'on', true)`);
      if (k.apply) {
        const [, affected] = await m.query(k.apply, [cutoff]);
        return Number(affected ?? 0);
      }
      const files: { id: string; storage_key: string }[] = await m.query(`SELECT a.id, a.storage_key ${k.where} FOR UPDATE OF a`, [cutoff]);
      for (const f of files) await this.storage.remove(f.storage_key);
      if (files.length)
        await m.query(`UPDATE request_attachment SET purged_at = now() WHERE id = ANY($1::uuid[])`, [files.map((f) => f.id)]);
      return files.length;
    });
  }
}
