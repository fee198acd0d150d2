import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_TYPES, AttachmentType } from '../attachment-rule';

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ example: 'facture-eau.pdf' }) fileName: string;
  @ApiProperty({ enum: ATTACHMENT_TYPES, enumName: 'AttachmentType', description: 'Detected from the content' })
  contentType: AttachmentType;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty({ nullable: true, type: String, description: 'Which required document of the procedure this is' }) documentCode:
    string | null;
  @ApiProperty({ enum: ['citizen', 'staff', 'partner'], enumName: 'UploaderKind' }) uploadedByKind: 'citizen' | 'staff' | 'partner';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toAttachmentDto(r: Record<string, any>): AttachmentDto {
  return {
    id: r.id,
    requestId: r.request_id,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    documentCode: r.document_code,
    uploadedByKind: r.uploaded_by_kind,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
