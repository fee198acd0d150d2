import { ApiProperty } from '@nestjs/swagger';
import { BENEFICIARY_KINDS } from './submit-request.dto';

export class PersonNameDto {
  @ApiProperty() name: string;
  @ApiProperty() nameAr: string;
}

/** A request filed for someone else names both people: who it is for and who filed it. */
export class FiledForDto {
  @ApiProperty({ enum: BENEFICIARY_KINDS, enumName: 'BeneficiaryKind' }) kind: string;
  @ApiProperty({ type: PersonNameDto, description: 'Who the request is for (the child, or the mandator)' }) beneficiary: PersonNameDto;
  @ApiProperty({ type: PersonNameDto, description: 'Who filed it (the parent, or the proxy)' }) filer: PersonNameDto;
}
