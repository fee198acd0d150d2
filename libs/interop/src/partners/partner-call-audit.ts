import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isPartner } from './partner-principal';

interface AuditedRequest {
  user?: unknown;
  method: string;
  url: string;
  routeOptions?: { url?: string };
}

/**
 * Every authenticated partner call lands in `partner_call` (who, which key, which route, what
 * status), whatever the outcome, including 403s from the scope check. Bodies are never kept.
 */
@Injectable()
export class PartnerCallAudit implements OnModuleInit {
  private readonly log = new Logger(PartnerCallAudit.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.();
    // The worker has no HTTP server, and the spec generator compiles the graph without one.
    if (!instance || typeof instance.addHook !== 'function') return;
    instance.addHook('onResponse', async (req: AuditedRequest, reply: { statusCode: number }) => {
      if (!isPartner(req.user)) return;
      const route = req.routeOptions?.url ?? req.url.split('?')[0];
      await this.db
        .query(`INSERT INTO partner_call (partner_id, key_prefix, method, route, status) VALUES ($1, $2, $3, $4, $5)`, [
          req.user.id,
          req.user.keyPrefix,
          req.method,
          route,
          reply.statusCode,
        ])
        .catch((e: Error) => this.log.warn(`partner call not audited: ${e.message}`));
    });
  }
}
