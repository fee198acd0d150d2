import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Page, Principal } from '@app/core';
import { ProceduresRepository } from '../guide/procedures.repository';
import { callerMoves } from './caller-moves';
import { RequestDto, toRequestDto } from './dto/request.dto';
import { ServiceRequestRecord } from './request.record';

/** Requests as their caller sees them: with the moves the lifecycle allows that caller now. */
@Injectable()
export class RequestViews {
  constructor(private readonly procedures: ProceduresRepository) {}

  async one(r: ServiceRequestRecord, p: Principal, m?: EntityManager): Promise<RequestDto> {
    // Versions are cached per process: a page of requests reads each procedure once.
    const procedure = await this.procedures.version(r.procedureVersionId, m);
    return toRequestDto(r, callerMoves(r, p, { external: !!procedure?.external, issuesCertificate: !!procedure?.issuesCertificate }));
  }

  async page(page: Page<ServiceRequestRecord>, p: Principal): Promise<Page<RequestDto>> {
    const items: RequestDto[] = [];
    for (const r of page.items) items.push(await this.one(r, p));
    return { ...page, items };
  }
}
