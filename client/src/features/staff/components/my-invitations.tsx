import type { MyInvitation } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { myInvitationsQueryOptions, useAcceptInvitation, useDeclineInvitation } from '../api/invitations.ts';

/**
 * Invitations waiting for me, to accept or decline. Accepting asks first and says what the
 * organisation's admins will then see; declining needs no confirmation (nothing changes).
 */
export function MyInvitations() {
  const { t } = useTranslation();
  const list = useQuery(myInvitationsQueryOptions);
  const accept = useAcceptInvitation();
  const decline = useDeclineInvitation();
  const [accepting, setAccepting] = useState<MyInvitation | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (list.isPending) return <Loading />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const invitations = list.data.invitations;
  return (
    <div className="stack">
      {message ? <Notice tone="success">{message}</Notice> : null}
      {decline.isError ? <Notice tone="error">{messageOf(decline.error)}</Notice> : null}
      <p className="muted">{t('invitations.mineLead')}</p>
      {invitations.length ? (
        <ul className="plain-list stack">
          {invitations.map((i) => {
            const title = t('invitations.mineItem', {
              organisation: i.organisationName,
              role: t(`enums.membershipRole.${i.role}`),
              profession: t(`enums.profession.${i.profession}`),
            });
            return (
              <li key={i.id} className="subpanel stack">
                <p>
                  <strong>{title}</strong>
                </p>
                <p className="muted">
                  {t('invitations.mineFrom', {
                    name: i.invitedByName ?? t('invitations.unknownInviter'),
                    expiresAt: formatDateTime(i.expiresAt),
                  })}
                </p>
                <div className="button-row">
                  <Button
                    variant="primary"
                    aria-label={`${t('invitations.accept')}: ${i.organisationName}`}
                    onClick={() => {
                      accept.reset();
                      setMessage(null);
                      setAccepting(i);
                    }}
                  >
                    {t('invitations.accept')}
                  </Button>
                  <Button
                    aria-label={`${t('invitations.decline')}: ${i.organisationName}`}
                    busy={decline.isPending && decline.variables === i.id}
                    busyLabel={t('common.saving')}
                    onClick={() => {
                      setMessage(null);
                      decline.mutate(i.id, { onSuccess: () => setMessage(t('invitations.declined')) });
                    }}
                  >
                    {t('invitations.decline')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{t('invitations.mineNone')}</p>
      )}
      <ConfirmDialog
        open={accepting !== null}
        title={t('invitations.accept')}
        message={t('invitations.acceptConfirm', { organisation: accepting?.organisationName ?? '' })}
        confirmLabel={t('invitations.accept')}
        busy={accept.isPending}
        error={accept.isError ? messageOf(accept.error) : null}
        onCancel={() => setAccepting(null)}
        onConfirm={() => {
          if (!accepting) return;
          accept.mutate(accepting.id, {
            onSuccess: ({ membership }) => {
              setAccepting(null);
              setMessage(t('invitations.accepted', { organisation: membership.organisationName }));
            },
          });
        }}
      />
    </div>
  );
}

/** On the home page: a notice only when invitations wait, leading to the account page. */
export function InvitationsWaitingNotice({ to }: { to: string }) {
  const { t } = useTranslation();
  const list = useQuery(myInvitationsQueryOptions);
  const count = list.data?.invitations.length ?? 0;
  if (!count) return null;
  return (
    <Notice tone="info" live={false} title={t('invitations.homeNotice', { count })}>
      <div>
        <ButtonLink to={to} variant="primary">
          {t('invitations.homeOpen')}
        </ButtonLink>
      </div>
    </Notice>
  );
}
