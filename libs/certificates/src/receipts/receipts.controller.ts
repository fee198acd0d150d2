import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { ReceiptDto, ReceiptPdfQuery } from './receipt.dto';
import { ReceiptsService } from './receipts.service';

const ID = { name: 'id', format: 'uuid' };

@ApiTags('requests')
@ApiBearerAuth('bearer')
@Controller('requests/:id/receipt')
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get()
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The récépissé of a request (law 55-19): number, what was filed, legal deadline, how to track it' })
  @ApiParam(ID)
  @ApiOkResponse({ type: ReceiptDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not yours' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<ReceiptDto> {
    return this.receipts.get(id, p);
  }

  @Get('pdf')
  @Roles('citizen', 'reception', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'The récépissé as a printable PDF: Arabic and French (or English, `lang`), the heading also in Tifinagh' })
  @ApiParam(ID)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ description: 'Unknown, or not yours' })
  async pdf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ReceiptPdfQuery,
    @CurrentUser() p: Principal,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    const r = await this.receipts.pdf(id, p, q.lang);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${r.number}.pdf"`);
    return r.pdf;
  }
}
