import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class HolderDto {
  @ApiProperty({ example: 'BK123456' }) cin: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
}

/** A document the annex asks of the administration that holds it (law 55-19), as its partner sees it. */
export class DocumentRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'BRK5-2026-000731' }) trackingCode: string;
  @ApiProperty({ example: 'BIRTH_EXTRACT' }) documentCode: string;
  @ApiProperty({ example: 'etat-civil/extrait' }) route: string;
  @ApiProperty({ enum: ['pending', 'received'], enumName: 'DocumentRequestStatus' }) status: 'pending' | 'received';
  @ApiProperty({ type: HolderDto, description: 'Whose document: the CIN and names the holder is known by' })
  holder: HolderDto;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The partner's reference of the document it provided" }) reference:
    string | null;
}

/** The partner's answer: the document exists, under this reference of its own. */
export class DocumentAnswerDto {
  @ApiProperty({ example: 'EC-OUJ-2026-44812', description: "The partner's reference of the document" })
  @IsString()
  @Length(1, 200)
  reference: string;
}
