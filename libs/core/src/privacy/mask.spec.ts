import { maskContacts, maskDestination, maskName } from './mask';

describe('masking contact details', () => {
  it('shows a name as its initials, in Latin, Arabic or Tifinagh letters', () => {
    expect(maskName('Yassine  El Alaoui ')).toBe('Y. E. A.');
    expect(maskName('ياسين العلوي')).toBe('ي. ا.');
    expect(maskName('ⵢⴰⵙⵉⵏ')).toBe('ⵢ.');
  });

  it('masks a phone number and an email address for a screen', () => {
    expect(maskDestination('+212612345678')).toBe('+2126****78');
    expect(maskDestination('amina.berrada@example.ma')).toBe('a***@example.ma');
  });

  it('masks every address and number inside a provider message, and leaves the rest', () => {
    const smtp = "Can't send mail - all recipients were rejected: 550 5.1.1 <amina.berrada@example.ma>: Recipient address rejected";
    expect(maskContacts(smtp)).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <a***@example.ma>: Recipient address rejected",
    );
    const sms = 'Error: number +212 6 12 34 56 78 is not reachable (code 21614)';
    expect(maskContacts(sms)).toBe('Error: number +2126****78 is not reachable (code 21614)');
    expect(maskContacts('ECONNREFUSED 127.0.0.1:25')).toBe('ECONNREFUSED 127.0.0.1:25');
  });
});
