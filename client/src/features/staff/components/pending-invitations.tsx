import type { OrganisationInvitation } from '@tsunagu/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { organisationInvitationsQueryOptions, useWithdrawInvitation } from '../api/invitations.ts';

/**
 * An organisation's invitations awaiting acceptance, for its admins: each address as it was
 * typed (whether it has an account is never shown), with withdrawal where the server allows it.
 */
export function PendingInvitations({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const list = useQuery(organisationInvitationsQueryOptions(organisationId));
  const withdraw = useWithdrawInvitation(organisationId);
  const [withdrawing, setWithdrawing] = useState<OrganisationInvitation | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (list.isPending) return <Loading />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const invitations = list.data.invitations;
  return (
    <div className="stack">
      {message ? <Notice tone="success">{message}</Notice> : null}
      <p className="muted">{t('invitations.pendingLead')}</p>
      {invitations.length ? (
        <div className="table-wrap">
          <table className="table table--cards">
            <caption className="visually-hidden">{t('invitations.pendingTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.email')}</th>
                <th scope="col">{t('staff.profession')}</th>
                <th scope="col">{t('invitations.invitedBy')}</th>
                <th scope="col">{t('invitations.expiresAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('invitations.withdraw')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row" data-label={t('staff.email')}>
                    {i.email}
                  </th>
                  <td data-label={t('staff.profession')}>
                    {t(`enums.profession.${i.profession}`)}・{t(`enums.membershipRole.${i.role}`)}
                  </td>
                  <td data-label={t('invitations.invitedBy')}>
                    {i.invitedByName ?? t('invitations.unknownInviter')}
                    <span className="table__sub">{formatDateTime(i.createdAt)}</span>
                  </td>
                  <td data-label={t('invitations.expiresAt')}>{formatDateTime(i.expiresAt)}</td>
                  <td>
                    {i.abilities.withdraw ? (
                      <Button
                        small
                        variant="danger"
                        aria-label={`${t('invitations.withdraw')}: ${i.email}`}
                        onClick={() => {
                          withdraw.reset();
                          setMessage(null);
                          setWithdrawing(i);
                        }}
                      >
                        {t('invitations.withdraw')}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('invitations.pendingNone')}</p>
      )}
      <ConfirmDialog
        open={withdrawing !== null}
        title={t('invitations.withdraw')}
        message={t('invitations.withdrawConfirm', { email: withdrawing?.email ?? '' })}
        confirmLabel={t('invitations.withdraw')}
        danger
        busy={withdraw.isPending}
        error={withdraw.isError ? messageOf(withdraw.error) : null}
        onCancel={() => setWithdrawing(null)}
        onConfirm={() => {
          if (!withdrawing) return;
          withdraw.mutate(withdrawing.id, {
            onSuccess: () => {
              setWithdrawing(null);
              setMessage(t('invitations.withdrawn'));
            },
          });
        }}
      />
    </div>
  );
}
