import type { SessionInfo } from '@tsunagu/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { useSwitchOrganisation } from '../api/sign-in.ts';

/**
 * The organisation the user acts for. With several memberships: a select and an explicit
 * button (changing context on select alone would surprise keyboard and screen-reader users).
 */
export function OrganisationSwitcher({ session, idPrefix }: { session: SessionInfo; idPrefix: string }) {
  const { t } = useTranslation();
  const switcher = useSwitchOrganisation();
  const [selected, setSelected] = useState(session.activeOrganisationId ?? '');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const active = session.memberships.find((m) => m.organisationId === session.activeOrganisationId);

  if (session.memberships.length <= 1) {
    return (
      <p className="org-switcher org-switcher--single">
        <span className="org-switcher__label">{t('layout.actingOrganisation')}: </span>
        <span className="org-switcher__name">{active?.organisationName ?? t('layout.noOrganisation')}</span>
      </p>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!selected || selected === session.activeOrganisationId) return;
    const name = session.memberships.find((m) => m.organisationId === selected)?.organisationName ?? '';
    switcher.mutate(selected, {
      onSuccess: () => setMessage({ tone: 'ok', text: t('layout.switchedOrganisation', { name }) }),
      onError: (error) => setMessage({ tone: 'error', text: messageOf(error) }),
    });
  }

  const selectId = `${idPrefix}-organisation`;
  return (
    <form className="org-switcher" onSubmit={submit}>
      <label htmlFor={selectId} className="org-switcher__label">
        {t('layout.switchOrganisation')}
      </label>
      <div className="org-switcher__controls">
        <select
          id={selectId}
          className="input select"
          value={selected}
          onChange={(e) => setSelected(e.target.value)}
        >
          {session.memberships.map((m) => (
            <option key={m.organisationId} value={m.organisationId}>
              {m.organisationName}
            </option>
          ))}
        </select>
        <Button type="submit" small busy={switcher.isPending}>
          {t('layout.switchOrganisationSubmit')}
        </Button>
      </div>
      <span
        role={message?.tone === 'error' ? 'alert' : 'status'}
        className={message?.tone === 'error' ? 'field__error' : 'visually-hidden'}
      >
        {message?.text ?? ''}
      </span>
    </form>
  );
}
