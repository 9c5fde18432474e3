import type { TeamMember } from '@tsunagu/contract';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDate, todayInTokyo } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { useUpdateTeamMember } from '../api/team.ts';
import { AddTeamMemberDialog, type Choice } from './add-team-member-dialog.tsx';

/** "こころのクリニック架空（医野 健）" */
function useMemberName() {
  const { t } = useTranslation();
  return (m: TeamMember) =>
    m.userName ? m.organisationName + t('common.paren', { text: m.userName }) : m.organisationName;
}

function MemberTable({
  members,
  caption,
  actions,
}: {
  members: readonly TeamMember[];
  caption: string;
  actions?: ((m: TeamMember) => ReactNode) | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.organisation')}</th>
            <th scope="col">{t('team.role')}</th>
            <th scope="col">{t('team.since')}</th>
            {actions ? <th scope="col">{t('common.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <th scope="row" data-label={t('team.organisation')}>
                {m.organisationName}
                {m.userName ? <span className="table__sub">{m.userName}</span> : null}
              </th>
              <td data-label={t('team.role')}>
                <span className="badge-row">
                  <span>{t(`enums.teamRole.${m.role}`)}</span>
                  {m.isLead ? <Badge tone="info">{t('persons.leadBadge')}</Badge> : null}
                </span>
              </td>
              <td data-label={t('team.since')}>
                {m.endedOn
                  ? t('time.range', { from: formatDate(m.startedOn), to: formatDate(m.endedOn) })
                  : formatDate(m.startedOn)}
              </td>
              {actions ? <td data-label={t('common.actions')}>{actions(m)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * チーム: who supports the person now; leads add organisations, make another member the lead,
 * and end a membership (today). Ended members stay listed, folded away.
 */
export function TeamPanel({
  personId,
  team,
  canManage,
  myOrganisation,
  myStaff,
  onAddOpen,
}: {
  personId: string;
  team: readonly TeamMember[];
  canManage: boolean;
  /** The organisation I act for: a colleague may join for it even when it is on the team. */
  myOrganisation: Choice | null;
  myStaff: readonly Choice[];
  /** The form is about to open: the page loads my colleagues to choose from. */
  onAddOpen: () => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<TeamMember | null>(null);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const update = useUpdateTeamMember(personId);
  const memberName = useMemberName();
  const active = team.filter((m) => m.isActive);
  const ended = team.filter((m) => !m.isActive);

  const makeLead = (m: TeamMember) =>
    update.mutate(
      { memberId: m.id, body: { isLead: true } },
      {
        onSuccess: () => setStatus({ tone: 'success', text: t('team.madeLead', { name: memberName(m) }) }),
        onError: (e) => setStatus({ tone: 'error', text: messageOf(e) }),
      },
    );

  return (
    <div className="stack">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      {active.length ? (
        <MemberTable
          members={active}
          caption={t('team.title')}
          actions={
            canManage
              ? (m) => (
                  <div className="button-row">
                    {m.isLead ? null : (
                      <Button
                        small
                        onClick={() => makeLead(m)}
                        aria-label={t('team.makeLeadLabel', { name: memberName(m) })}
                      >
                        {t('team.makeLead')}
                      </Button>
                    )}
                    <Button
                      small
                      variant="danger"
                      onClick={() => setEnding(m)}
                      aria-label={t('team.endLabel', { name: memberName(m) })}
                    >
                      {t('team.end')}
                    </Button>
                  </div>
                )
              : undefined
          }
        />
      ) : (
        <p className="muted">{t('team.none')}</p>
      )}
      {canManage ? (
        <div>
          <Button
            onClick={() => {
              onAddOpen();
              setAdding(true);
            }}
          >
            {t('team.add')}
          </Button>
        </div>
      ) : null}
      {ended.length ? (
        <details className="disclosure">
          <summary>{t('team.endedMembers', { count: ended.length })}</summary>
          <MemberTable members={ended} caption={t('team.endedMembers', { count: ended.length })} />
        </details>
      ) : null}
      {adding ? (
        <AddTeamMemberDialog
          personId={personId}
          teamOrganisationIds={active.map((m) => m.organisationId)}
          myOrganisation={myOrganisation}
          myStaff={myStaff}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            setStatus({ tone: 'success', text: `${t('team.added')} ${t('team.consentReminder')}` });
          }}
        />
      ) : null}
      <ConfirmDialog
        open={ending !== null}
        title={t('team.endTitle')}
        message={t('team.endConfirm', { name: ending ? memberName(ending) : '' })}
        confirmLabel={t('team.end')}
        danger
        busy={update.isPending}
        error={update.error && ending ? messageOf(update.error) : null}
        onCancel={() => {
          update.reset();
          setEnding(null);
        }}
        onConfirm={() =>
          ending &&
          update.mutate(
            { memberId: ending.id, body: { endedOn: todayInTokyo() } },
            {
              onSuccess: () => {
                setEnding(null);
                setStatus({ tone: 'success', text: t('team.endedDone') });
              },
            },
          )
        }
      />
    </div>
  );
}
