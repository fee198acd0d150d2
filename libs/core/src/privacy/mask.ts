/** `AB123456` → `AB****56`: what a public endpoint may show of a CIN. */
export function maskCin(cin: string): string {
  if (cin.length <= 4) return '*'.repeat(cin.length);
  const letters = /^[A-Z]+/.exec(cin)?.[0] ?? '';
  return letters + '*'.repeat(cin.length - letters.length - 2) + cin.slice(-2);
}

/** `Yassine El Alaoui` → `Y. E. A.`: a person's name as a public answer may show it (initials, any script). */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]}.`)
    .join(' ');
}

/** `+212612345678` → `+2126****78`: what a screen may show of a phone number. */
export function maskDestination(to: string): string {
  if (to.includes('@')) {
    const [user, domain] = to.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return to.length > 8 ? `${to.slice(0, 5)}****${to.slice(-2)}` : '****';
}

const EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d .-]{7,}\d/g;

/**
 * Free text from elsewhere (an SMTP reply, a provider's error) with every email address and
 * phone number in it masked: such messages echo the recipient, and they end up in logs.
 */
export function maskContacts(text: string): string {
  // A phone number has nine digits or more (SMTP codes like `550 5.1.1` and IP addresses fewer).
  const phone = (m: string) => {
    const compact = m.replace(/[ .-]/g, '');
    return compact.replace('+', '').length >= 9 ? maskDestination(compact) : m;
  };
  return text.replace(EMAIL, (m) => maskDestination(m)).replace(PHONE, phone);
}
