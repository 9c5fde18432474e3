import { EXCLUDED_CONTACT_MATCH, type ExclusionCheck, type ExclusionCheckBody } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../../../components/ui/field.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useExclusionCheck } from '../api/persons.ts';

type Matches = ExclusionCheck['matches'];

/**
 * The flag on a form that names someone about a person (a caller, a recipient, a counterpart):
 * asked of the server when the name or number is left (`check`), and raised again if a save is
 * refused with EXCLUDED_CONTACT_MATCH (`caught`). The save goes through only once the one saving
 * ticks that they saw it (`confirmed`, sent as excludedContactConfirmed).
 */
export function useExclusionFlag(personId: string | null) {
  const check = useExclusionCheck(personId);
  const [matches, setMatches] = useState<Matches>([]);
  const [confirmed, setConfirmed] = useState(false);
  const [forPerson, setForPerson] = useState(personId);
  // Another person: what was found (and confirmed) was about someone else.
  if (forPerson !== personId) {
    setForPerson(personId);
    setMatches([]);
    setConfirmed(false);
  }
  return {
    matches,
    confirmed,
    setConfirmed,
    /** Looks the described someone up (name or phone left), if a person is chosen. */
    check(who: ExclusionCheckBody) {
      if (!personId || !(who.name || who.phone)) return;
      check.mutate(who, { onSuccess: (answer) => setMatches(answer.matches) });
    },
    /** Whether a failed save was this refusal (then the flag shows, with its confirmation). */
    caught(error: unknown): boolean {
      if (!(error instanceof ApiError) || error.code !== EXCLUDED_CONTACT_MATCH) return false;
      setMatches((known) => (known.length ? known : [{ match: 'possible', on: [], contact: null }]));
      return true;
    },
  };
}

/** 連絡してはいけない人の可能性: the flag and its confirmation, where the form shows it. */
export function ExclusionFlag({
  id,
  flag,
}: {
  id: string;
  flag: Pick<ReturnType<typeof useExclusionFlag>, 'matches' | 'confirmed' | 'setConfirmed'>;
}) {
  const { t } = useTranslation();
  if (!flag.matches.length) return null;
  const named = flag.matches.flatMap((m) => (m.contact ? [m.contact] : []));
  return (
    <Notice tone="error" title={t('night.exclusion.flagTitle')}>
      <p>{t('night.exclusion.flag')}</p>
      {named.length ? (
        <ul>
          {named.map((c, i) => (
            <li key={i}>
              {t('night.doNotTell.entry', {
                name: c.name,
                relationship: t(`enums.contactRelationship.${c.relationship}`),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <CheckboxField
        id={id}
        label={t('night.exclusion.confirm')}
        checked={flag.confirmed}
        onChange={(e) => flag.setConfirmed(e.target.checked)}
      />
    </Notice>
  );
}
