import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessLog, AppConfig, CalendarService, NotFound, Principal } from '@app/core';
import { trackingLink } from '@app/notifications';
import { filedForOf, findReceipt, RequestsRepository, visibleOr404 } from '@app/requests';
import { receiptPdf } from './receipt-pdf';
import { ReceiptDto } from './receipt.dto';
import { ReceiptLanguage } from './receipt-text';

/** The récépissé of a request: shown in the apps, printed at the counter, as JSON or PDF. */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: RequestsRepository,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
    private readonly access: AccessLog,
  ) {}

  /** The owner, or staff of its annex (a staff read is an access event: it lists the form). */
  async get(requestId: string, p: Principal): Promise<ReceiptDto> {
    const r = visibleOr404(p, await this.requests.findById(requestId));
    const receipt = await findReceipt(this.db.manager, r.id);
    if (!receipt) throw new NotFound('Receipt', 'This request was filed before receipts were issued');
    await this.access.record(p, [{ citizenId: r.citizenId, what: 'request', objectId: r.id, requestId: r.id }], 'receipt');
    const [annex] = await this.db.query(`SELECT code, name_ar, name_fr, address FROM annex WHERE id = $1`, [r.annexId]);
    const zone = (await this.calendars.forAnnex(r.annexId)).timeZone;
    const c = receipt.content;
    const filedFor = (await filedForOf(this.db.manager, [r.id])).get(r.id);
    return {
      number: receipt.number,
      requestId: r.id,
      trackingCode: c.trackingCode,
      issuedAt: new Date(receipt.issuedAt).toISOString(),
      legalDeadline: new Date(receipt.legalDeadline).toISOString(),
      legalDeadlineDate: DateTime.fromJSDate(new Date(receipt.legalDeadline), { zone }).toISODate()!,
      annex: { code: annex.code, nameAr: annex.name_ar, nameFr: annex.name_fr, address: annex.address },
      procedure: c.procedure,
      channel: r.channel,
      filed: c.filed,
      documents: c.documents,
      feeMad: c.feeMad,
      maxDelayWorkingDays: c.maxDelayWorkingDays,
      silenceMeansAcceptance: c.silenceMeansAcceptance,
      appealRoute: c.appealRoute,
      trackUrl: trackingLink(this.config.PUBLIC_URL, c.trackingCode),
      ...(filedFor ? { filedFor } : {}),
    };
  }

  async pdf(requestId: string, p: Principal, lang: ReceiptLanguage = 'fr'): Promise<{ number: string; pdf: Buffer }> {
    const receipt = await this.get(requestId, p);
    const zone = (await this.calendars.forAnnex((await this.requests.findById(requestId))!.annexId)).timeZone;
    return { number: receipt.number, pdf: await receiptPdf(receipt, zone, this.config.FONTS_DIR, lang) };
  }
}
