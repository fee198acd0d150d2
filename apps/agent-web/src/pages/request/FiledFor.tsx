import type { Schemas } from '@annex/api-client';
import { useLang, useT } from '../../i18n';

/** Both people of a request filed for someone else: on the request's header and on its timeline's filing. */
export function FiledFor({
  filedFor: f,
  message,
  testId,
}: {
  filedFor?: Schemas['FiledForDto'];
  message: 'family.filedFor' | 'timeline.filedFor';
  testId: string;
}) {
  const t = useT();
  const { lang } = useLang();
  if (!f) return null;
  return (
    <p className="filed-for" data-testid={testId}>
      {t(message, {
        name: lang === 'ar' ? f.beneficiary.nameAr : f.beneficiary.name,
        filer: lang === 'ar' ? f.filer.nameAr : f.filer.name,
      })}
    </p>
  );
}
