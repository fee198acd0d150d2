import { useNeighbourhoods } from '../../api/queries';
import { useT } from '../../i18n';

export function Neighbourhoods() {
  const t = useT();
  const list = useNeighbourhoods();
  return (
    <section aria-labelledby="nb-title">
      <h1 id="nb-title">{t('admin.neighbourhoods')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col">{t('admin.nameFr')}</th>
            <th scope="col">{t('admin.nameAr')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((n) => (
            <tr key={n.id}>
              <td dir="ltr">{n.code}</td>
              <td lang="fr">{n.nameFr}</td>
              <td lang="ar" dir="rtl">
                {n.nameAr}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
