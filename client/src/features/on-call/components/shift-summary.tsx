import type { OnCallPerson, OnCallShift } from '@tsunagu/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatShortDateTime } from '../../../lib/format.ts';

/** Region id → its name, as the page knows the areas. */
export type RegionNameOf = (regionId: string) => string;

/** "11/30(月) 17:00〜12/1(火) 9:00" */
export function useShiftTimeText(): (shift: Pick<OnCallShift, 'startsAt' | 'endsAt'>) => string {
  const { t } = useTranslation();
  return (s) => t('time.range', { from: formatShortDateTime(s.startsAt), to: formatShortDateTime(s.endsAt) });
}

/** One person on a shift, and said plainly when they can no longer be reached. */
export function ShiftPerson({ person }: { person: OnCallPerson }) {
  const { t } = useTranslation();
  return (
    <>
      {person.displayName}
      {person.isReachable ? null : (
        <>
          {' '}
          <Badge tone="error">{t('onCall.unreachable')}</Badge>
        </>
      )}
    </>
  );
}

/** A shift's who, when, where and phone, as the rota, the detail and the now screen show it. */
export function ShiftFacts({
  shift,
  regionName,
  showTime = true,
}: {
  shift: OnCallShift;
  regionName: RegionNameOf;
  showTime?: boolean;
}) {
  const { t } = useTranslation();
  const timeText = useShiftTimeText();
  return (
    <dl className="description-list description-list--compact">
      {showTime ? (
        <div>
          <dt>{t('onCall.time')}</dt>
          <dd>{timeText(shift)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('onCall.primary')}</dt>
        <dd>
          <ShiftPerson person={shift.primary} />
        </dd>
      </div>
      <div>
        <dt>{t('onCall.backup')}</dt>
        <dd>{shift.backup ? <ShiftPerson person={shift.backup} /> : t('common.none')}</dd>
      </div>
      <div>
        <dt>{t('onCall.phone')}</dt>
        <dd>{shift.contactPhone ? <PhoneLink number={shift.contactPhone} /> : t('common.notSet')}</dd>
      </div>
      <div>
        <dt>{t('onCall.regions')}</dt>
        <dd>{shift.regionIds.map(regionName).join(t('common.listSeparator'))}</dd>
      </div>
      {shift.note ? (
        <div>
          <dt>{t('onCall.note')}</dt>
          <dd>{shift.note}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** A link to a shift's page, named by its time and organisation. */
export function ShiftLink({ shift }: { shift: OnCallShift }) {
  const timeText = useShiftTimeText();
  return <Link to={`/on-call/shifts/${shift.id}`}>{timeText(shift)}</Link>;
}
