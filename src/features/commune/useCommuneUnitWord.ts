// The word for the signed-in account's commune-level unit in the user's language (xã, phường or đặc khu;
// commune, ward or special zone), for the screens that say "Toàn xã".
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { useCommuneUnit } from '../../db/syncQueries';

export function useCommuneUnitWord(): { unit: string } {
  const { t } = useTranslation();
  return { unit: t(`communeUnit.${useCommuneUnit(db)}`) };
}
