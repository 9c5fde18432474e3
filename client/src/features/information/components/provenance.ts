import type { Provenance } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';

/** "2026年11月13日(金) 22:28 医野 健（こころのクリニック架空）": when, who and for which organisation. */
export function useProvenanceText() {
  const { t } = useTranslation();
  return (at: string, who: Provenance | null) =>
    t('items.by', {
      date: formatDateTime(at),
      name: who?.name ?? t('items.unknownPerson'),
      organisation: who?.organisationName ?? t('items.unknownPerson'),
    });
}
