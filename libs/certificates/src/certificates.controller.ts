import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Public, PublicLookupThrottle, Roles } from '@app/core';
import { CertificatesService } from './certificates.service';
import {
  CertificateDto,
  KeysDto,
  PendingCertificateDto,
  PendingCertificatesQuery,
  ReasonDto,
  VerificationDto,
  VerifyQuery,
} from './dto/certificate.dto';
import { CertificateSigner } from './signer';

const NUMBER = /^[A-Z0-9]{2,8}-\d{4}-C-\d{6}$/;

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly signer: CertificateSigner,
  ) {}

  @Get('requests/:id/certificate')
  @ApiBearerAuth('bearer')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The issued certificate as PDF (owner, staff); the same bytes every time' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiConflictResponse({ description: 'Still being generated (certificate-pending)' })
  async pdf(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    const c = await this.certificates.pdf(id, p);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${c.number}.pdf"`);
    reply.header('etag', `"${c.sha256}"`);
    return c.pdf;
  }

  @Get('certificates/pending')
  @ApiBearerAuth('bearer')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Certificates pending too long (their PDF keeps failing to render), oldest first (supervisor: own annex)' })
  @ApiOkResponse({ type: [PendingCertificateDto] })
  pending(@Query() q: PendingCertificatesQuery, @CurrentUser() p: Principal): Promise<PendingCertificateDto[]> {
    return this.certificates.pendingTooLong(p, q.olderThanMinutes ?? 30);
  }

  @Get('certificates/:number')
  @ApiBearerAuth('bearer')
  @Roles('reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "A certificate's record (staff)" })
  @ApiOkResponse({ type: CertificateDto })
  get(@Param('number') number: string, @CurrentUser() p: Principal): Promise<CertificateDto> {
    return this.certificates.get(number, p);
  }

  @Post('certificates/:number/revoke')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Roles('supervisor')
  @ApiOperation({ summary: "Revoke a certificate, with the reason (on the request's timeline)" })
  @ApiOkResponse({ type: CertificateDto })
  revoke(@Param('number') number: string, @Body() d: ReasonDto, @CurrentUser() p: Principal): Promise<CertificateDto> {
    return this.certificates.revoke(number, d.reason, p);
  }

  @Post('certificates/:number/reissue')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Reissue (lost paper): a new number, the old one revoked' })
  @ApiOkResponse({ type: CertificateDto, description: 'The new certificate' })
  reissue(@Param('number') number: string, @Body() d: ReasonDto, @CurrentUser() p: Principal): Promise<CertificateDto> {
    return this.certificates.reissue(number, d.reason, p);
  }

  @Get('verify/keys')
  @Public()
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({
    summary:
      'The Ed25519 public keys certificates are signed with (JWK): the current one first, then those retired by a rotation (papers they signed stay valid)',
  })
  @ApiOkResponse({ type: KeysDto })
  keys(): KeysDto {
    return {
      keys: this.signer.jwks(),
      currentKid: this.signer.kid,
      canonicalForm: '{"n":number,"p":procedureCode,"h":maskedCin,"d":issueDate,"v":validUntil}',
    };
  }

  @Get('verify/:number')
  @Public()
  @PublicLookupThrottle()
  @ApiOperation({ summary: 'Is this certificate valid, revoked, expired, replaced, unknown or not authentic? Masked data only' })
  @ApiOkResponse({ type: VerificationDto })
  verify(@Param('number') number: string, @Query() q: VerifyQuery): Promise<VerificationDto> {
    if (!NUMBER.test(number)) return Promise.resolve({ number: number.slice(0, 40), status: 'unknown', signatureValid: null });
    return this.certificates.verify(number, q);
  }
}
