import { unprintableCharacters } from '@tsunagu/contract/printable';
import { useTranslation } from 'react-i18next';

/**
 * The warning beside a field whose text goes into a PDF (plans, liaison sheets) when the PDF
 * cannot print it as typed: checked against the contract's list of the PDF font's characters,
 * the same list the server checks and replaces with 〓. A warning, never a refusal.
 */
export function usePrintWarning(): (value: string | null | undefined) => string | undefined {
  const { t } = useTranslation();
  return (value) => {
    const characters = value ? unprintableCharacters(value) : [];
    return characters.length ? t('common.unprintable', { characters: characters.join('') }) : undefined;
  };
}
