import { OmitType } from '@nestjs/swagger';
import { RequestDto } from './request.dto';

/**
 * A row of GET /requests and of the queue stream: what the lists show (the citizen's own
 * requests, the agent queue), without the form answers, which only the request's page reads
 * (GET /requests/{id}). The agent queue's 25 rows were mostly form.
 */
export class RequestListItemDto extends OmitType(RequestDto, ['form', 'receiptNumber', 'legalDeadline'] as const) {}

export function toListItem({ form: _form, receiptNumber: _receipt, legalDeadline: _deadline, ...row }: RequestDto): RequestListItemDto {
  return row;
}
