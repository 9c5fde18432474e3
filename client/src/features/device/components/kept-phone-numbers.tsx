import { useTranslation } from 'react-i18next';
import { PhoneLink } from '../../../components/ui/phone-link.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useKeptPhoneNumbers } from '../api/phone-numbers.ts';

/**
 * The escalation chain's phone numbers kept on this device, each one a link that dials it:
 * shown offline and on the settings page (where it also says what is kept, and when it was saved).
 */
export function KeptPhoneNumbers() {
  const { t } = useTranslation();
  const kept = useKeptPhoneNumbers();
  if (!kept) return <p>{t('device.kept.none')}</p>;
  const chains = kept.chains.filter((c) => c.numbers.length > 0);
  const several = chains.length > 1;
  return (
    <div className="stack">
      {chains.length === 0 ? <p>{t('device.kept.empty')}</p> : null}
      {chains.map((chain) => (
        <div key={chain.regionId ?? 'default'} className="kept-phones">
          {several ? (
            <p className="kept-phones__region">{chain.regionName ?? t('device.kept.defaultChain')}</p>
          ) : null}
          <ul className="kept-phones__list">
            {chain.numbers.map((n, i) => (
              <li key={`${n.phone}-${i}`} className="kept-phones__item">
                <span className="kept-phones__label">
                  {n.organisationName ? `${n.label}（${n.organisationName}）` : n.label}
                </span>
                <PhoneLink number={n.phone} className="kept-phones__phone" />
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p className="muted">{t('device.kept.savedAt', { time: formatDateTime(kept.savedAt) })}</p>
    </div>
  );
}
