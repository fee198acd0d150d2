import { smsSize } from './sms-segments';
import { describeHours } from '@app/core';
import { LANGUAGES, loadTemplates, PLATFORM_NAME, render, trackingLink, unreviewedTemplates } from './templates';

/** A template's own words, its placeholders left out. */
const fillable = (s: string) => s.replace(/\{\{\s*\w+\s*\}\}/g, '');

describe('SMS segments', () => {
  it('counts GSM-7 septets (extension characters count twice) and UCS-2 code units', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(161)).segments).toBe(2);
    expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(306)).segments).toBe(2);
    expect(smsSize('a'.repeat(307)).segments).toBe(3);
    expect(smsSize('ب'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSize('ب'.repeat(71)).segments).toBe(2);
    expect(smsSize('ب'.repeat(135)).segments).toBe(3);
    // A 2-septet character or a surrogate pair is never split across segments.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
    expect(smsSize(`${'ب'.repeat(66)}😀${'ب'.repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
    // One character outside GSM-7 (here ê) switches the whole message to UCS-2.
    expect(smsSize(`${'a'.repeat(69)}ê`)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
  });
});

describe('trackingLink', () => {
  it('is the public address, /t/ and the code', () => {
    expect(trackingLink('https://annexe5.berkane.ma/', 'BRK5-2026-000123')).toBe('https://annexe5.berkane.ma/t/BRK5-2026-000123');
  });
});

describe('templates', () => {
  const templates = loadTemplates();
  // The longest values real messages carry.
  const worst = {
    code: '938271',
    trackingCode: 'BRK5-2026-000123',
    procedure: 'Attestation administrative de prise en charge familiale',
    procedureCode: 'FAMILY_SUPPORT',
    reason:
      'Le justificatif de domicile fourni est illisible et date de plus de trois mois ; merci de fournir une facture récente. '.repeat(4),
    trackUrl: 'https://annexe5.berkane.ma/t/BRK5-2026-000123',
    agency: 'Direction générale de la Sûreté nationale',
    status: 'prêt à retirer',
    ticket: 'A-142',
    wait: '45',
    ahead: '3',
    dueAt: '2026-11-30T16:30:00+01:00',
    when: '2026-11-30 16:30',
    annex: 'Annexe administrative n°12',
    address: '128 boulevard Mohammed VI, quartier administratif',
    hours: 'lun-jeu 08:30-12:00, 14:00-16:30, ven 08:30-11:30, 15:00-16:30, sam 09:00-12:00',
  };

  it('has every event the platform sends, in Arabic, French, English and Tamazight', () => {
    for (const name of [
      'otp',
      'request.received',
      'request.needs_info',
      'request.approved',
      'request.ready_for_pickup',
      'request.rejected',
      'request.forwarded',
      'request.tacit_accepted',
      'dossier.update',
      'sla.breach',
      'ticket.issued',
      'grievance.response',
      'appointment.booked',
      'appointment.reminder',
      'ticket.virtual',
      'ticket.near',
      'mandate.granted',
      'mandate.received',
      'mandate.used',
      'mandate.revoked',
      'mandate.asked',
    ]) {
      expect(templates.has(name)).toBe(true);
    }
  });

  it.each([...loadTemplates().keys()])('%s: every SMS fits in two segments with worst-case data', (name) => {
    for (const lang of LANGUAGES) {
      const m = render(templates, name, lang, worst);
      expect(smsSize(m.sms).segments).toBeLessThanOrEqual(2);
      expect(m.sms).not.toMatch(/\{\{/);
    }
  });

  it('carries the whole tracking link in every language wherever the SMS names a tracking code', () => {
    for (const name of templates.keys()) {
      for (const lang of LANGUAGES) {
        // Grievances have their own codes and page; staff alerts (sla.breach) open the agent app.
        if (!/^(request|dossier)\./.test(name)) continue;
        expect([name, lang, render(templates, name, lang, worst).sms.includes(worst.trackUrl)]).toEqual([name, lang, true]);
      }
    }
  });

  it('writes French SMS in GSM-7 (cheaper, 160 characters a segment) when no value forces UCS-2', () => {
    for (const name of loadTemplates().keys()) {
      const m = render(templates, name, 'fr', {
        ...worst,
        procedure: 'Certificat de residence',
        agency: 'DGSN',
        status: 'disponible',
        reason: 'Document illisible',
      });
      expect([name, smsSize(m.sms).encoding]).toEqual([name, 'GSM-7']);
    }
  });

  it('has a Tamazight version of every template, in Tifinagh and flagged for review, with the values filled', () => {
    const tifinagh = /[\u2D30-\u2D7F]/;
    for (const [name, t] of templates) {
      expect([name, t.zgh.review]).toEqual([name, true]);
      const m = render(templates, name, 'zgh', worst);
      for (const part of [m.sms, m.subject, m.text]) expect([name, tifinagh.test(part), /\{\{/.test(part)]).toEqual([name, true, false]);
      // Never a Latin-script sentence under a Tamazight heading: no French or English word of the template itself.
      expect([name, fillable(t.zgh.text)]).toEqual([name, fillable(t.zgh.text).replace(/\b(votre|your|the|le|la|de)\b/gi, '')]);
      expect(m.html).toContain('lang="zgh" dir="ltr"');
      expect(m.html).toContain('Noto Sans Tifinagh');
    }
    expect(unreviewedTemplates(templates)).toEqual([...templates.keys()]);
    expect(render(templates, 'otp', 'zgh', { code: '123456' }).sms.startsWith(`${PLATFORM_NAME.zgh}: `)).toBe(true);
  });

  it('keeps the whole reason in the email, escapes it in HTML and sets the direction', () => {
    const m = render(templates, 'request.rejected', 'ar', { ...worst, reason: '<b>وثيقة</b> & ناقصة' });
    expect(m.text).toContain('<b>وثيقة</b> & ناقصة');
    expect(m.html).toContain('&lt;b&gt;وثيقة&lt;/b&gt; &amp; ناقصة');
    expect(m.html).toContain('dir="rtl"');
    expect(render(templates, 'request.rejected', 'fr', worst).html).toContain('dir="ltr"');
  });
});

describe('the annex that speaks', () => {
  const templates = loadTemplates();

  it('names the annex given in the SMS and the email header, and the platform when there is none', () => {
    const data = {
      trackingCode: 'OUJ3-2026-000001',
      trackUrl: 'https://x.ma/t/OUJ3-2026-000001',
      annex: 'Annexe administrative n°3',
      address: '4 rue Al Massira',
      hours: 'lun-ven 08:30-16:30',
    };
    const m = render(templates, 'request.ready_for_pickup', 'fr', data);
    expect(m.sms.startsWith('Annexe administrative no3 : ')).toBe(true);
    expect(m.sms).toContain('lun-ven 08:30-16:30');
    expect(m.text).toContain('4 rue Al Massira');
    expect(m.html).toContain('Annexe administrative n°3');
    expect(render(templates, 'otp', 'ar', { code: '123456' }).sms.startsWith(`${PLATFORM_NAME.ar}: `)).toBe(true);
  });

  it('never names one annex itself: every message takes the annex from the data', () => {
    for (const name of templates.keys()) {
      for (const lang of LANGUAGES) {
        const m = render(templates, name, lang, {
          annex: 'ANNEX-X',
          code: '1',
          when: 'x',
          trackingCode: 'T',
          trackUrl: 'u',
          ticket: 'A-1',
          wait: '1',
          ahead: '1',
        });
        expect({ name, lang, text: `${m.sms} ${m.text}` }).not.toEqual(
          expect.objectContaining({ text: expect.stringMatching(/Annexe? (n°|no\.? ?)?\d|الملحقة (الإدارية )?(\d|الخامسة)/) }),
        );
      }
    }
  });

  it('words the weekly hours, consecutive days with the same windows as one range', () => {
    const week = {
      mon: ['08:30', '16:30'],
      tue: ['08:30', '16:30'],
      wed: ['08:30', '16:30'],
      thu: ['08:30', '16:30'],
      fri: [
        ['08:30', '12:00'],
        ['14:00', '16:30'],
      ],
      sat: ['09:00', '12:00'],
    };
    expect(describeHours(week, 'fr')).toBe('lun-jeu 08:30-16:30, ven 08:30-12:00, 14:00-16:30, sam 09:00-12:00');
    expect(describeHours(week, 'en')).toBe('Mon-Thu 08:30-16:30, Fri 08:30-12:00, 14:00-16:30, Sat 09:00-12:00');
  });
});
