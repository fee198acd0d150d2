import { ApiProperty } from '@nestjs/swagger';

export class RetriedDto {
  @ApiProperty({ description: 'How many failed jobs were moved back to waiting' }) retried: number;
}

export class FailedJobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'What it concerns, e.g. `certificateId=<uuid>` (ids only)' }) object:
    string | null;
  @ApiProperty({ description: 'Why it failed (no job data: it can hold personal data)' }) failedReason: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class QueueStatusDto {
  @ApiProperty() name: string;
  @ApiProperty({
    description: 'Jobs per state: waiting, active, delayed, failed, completed',
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  counts: Record<string, number>;
  @ApiProperty({ type: [FailedJobDto], description: 'The 10 most recent failures' }) recentFailures: FailedJobDto[];
}
