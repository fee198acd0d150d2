import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class CertificateDto {
  @ApiProperty({ example: 'BRK5-2026-C-000123' }) number: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty({ enum: ['pending', 'issued', 'revoked'], enumName: 'CertificateStatus' }) status: string;
  @ApiProperty({ description: "Holder's CIN, masked as printed", example: 'AB****56' }) holder: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) issuedAt: string | null;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the stored PDF' }) pdfSha256: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The number this one replaces (reissue)' }) replaces: string | null;
  @ApiProperty({ nullable: true, type: String }) replacedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Handed over at the counter' }) deliveredAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) deliveredBy: string | null;
}

export const VERIFICATION_STATUSES = ['valid', 'revoked', 'expired', 'replaced', 'unknown', 'not_authentic'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The annex that issued a certificate, as its paper names it (public: no personal data). */
export class IssuingAnnexDto {
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() province: string;
  @ApiProperty() provinceAr: string;
}

export class VerificationDto {
  @ApiProperty() number: string;
  @ApiProperty({
    enum: VERIFICATION_STATUSES,
    enumName: 'VerificationStatus',
    description: "not_authentic: the QR code's signature or claims do not match the register (nothing else is shown)",
  })
  status: VerificationStatus;
  @ApiPropertyOptional({ description: 'When replaced: the number of the certificate that replaces it' }) replacedBy?: string;
  @ApiPropertyOptional() procedureCode?: string;
  @ApiPropertyOptional({ example: 'AB****56' }) holder?: string;
  @ApiPropertyOptional({ format: 'date' }) issueDate?: string;
  @ApiPropertyOptional({ format: 'date' }) validUntil?: string;
  @ApiPropertyOptional({ type: IssuingAnnexDto, description: 'The annex that issued it' }) issuedBy?: IssuingAnnexDto;
  @ApiProperty({ nullable: true, type: Boolean, description: "Whether the QR code's signature matches (null when none given)" })
  signatureValid: boolean | null;
}

export class VerifyQuery {
  @ApiPropertyOptional({ description: 'The signature from the QR code (base64url)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{40,200}$/, { message: 's must be the signature from the QR code' })
  s?: string;

  @ApiPropertyOptional({ description: 'The compact JWS from the QR code (header.claims.signature, EdDSA)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{80,90}$/, {
    message: 't must be the signed token from the QR code',
  })
  t?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Document perdu par le titulaire' }) @IsString() @Length(3, 500) reason: string;
}

export class KeysDto {
  @ApiProperty({
    description: 'Ed25519 public keys as JWK (kty OKP, crv Ed25519): the current one first, then retired ones',
    type: 'array',
    items: { type: 'object' },
  })
  keys: Record<string, string>[];
  @ApiProperty({ description: 'The key id new certificates are signed with' }) currentKid: string;
  @ApiProperty({ description: 'What is signed: the UTF-8 JSON {"n","p","h","d","v"} in that key order, no spaces (the JWS payload)' })
  canonicalForm: string;
}

export class PendingCertificatesQuery {
  @ApiPropertyOptional({ description: 'Pending for longer than this many minutes', default: 30, minimum: 0, maximum: 43200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(43200)
  olderThanMinutes?: number;
}

/** A certificate whose PDF is still not rendered (its request waits in `approved`). */
export class PendingCertificateDto {
  @ApiProperty({ example: 'BRK5-2026-C-000123' }) number: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty({ format: 'date-time' }) pendingSince: string;
}
