/** `+212612345678` → `+2126****78`: what a screen may show of a phone number. */
export function maskDestination(to: string): string {
  if (to.includes('@')) {
    const [user, domain] = to.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return to.length > 8 ? `${to.slice(0, 5)}****${to.slice(-2)}` : '****';
}
