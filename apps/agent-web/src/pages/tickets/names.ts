import type { MessageId, T } from '../../i18n';

const KNOWN = ['A', 'B', 'C'];

/** A service group by its name ("A — Certificats"); a group the annex added shows its letter. */
export function groupName(t: T, group: string): string {
  return KNOWN.includes(group) ? t('tickets.groupNamed', { group, name: t(`tickets.group.${group}` as MessageId) }) : group;
}
