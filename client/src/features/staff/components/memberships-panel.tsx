import type { AddMemberResult, Membership, MembershipRole, Profession, StaffMember } from '@tsunagu/contract';
import { AddMemberByEmailBody, UpsertMembershipBody } from '@tsunagu/contract/staff';
import { membershipRoles, professions } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog, Dialog } from '../../../components/ui/dialog.tsx';
import { SelectField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { messageOf, validateAgainst } from '../../../lib/validation.ts';
import { useAddMember, useRemoveMembership, useUpdateMembership } from '../api/staff.ts';
import type { OrganisationChoice } from './organisation-choice.ts';

const professionOptions = (t: (k: `enums.profession.${Profession}`) => string) =>
  professions.map((p) => ({ value: p, label: t(`enums.profession.${p}`) }));
const roleOptions = (t: (k: `enums.membershipRole.${MembershipRole}`) => string) =>
  membershipRoles.map((r) => ({ value: r, label: t(`enums.membershipRole.${r}`) }));

function ChangeMembershipDialog({
  staff,
  membership,
  onClose,
  onSaved,
}: {
  staff: StaffMember;
  membership: Membership;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const formId = 'membership-change';
  const [profession, setProfession] = useState<string>(membership.profession);
  const [role, setRole] = useState<string>(membership.role);
  const form = useFormProblems(formId);
  const update = useUpdateMembership();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { profession: profession as Profession, role: role as MembershipRole };
    const errors = await validateAgainst(UpsertMembershipBody, body, {
      profession: t('staff.profession'),
      role: t('staff.role'),
    });
    if (Object.keys(errors).length) return form.failFields(errors);
    update.mutate(
      { organisationId: membership.organisationId, userId: staff.id, body },
      { onSuccess: onSaved, onError: form.failRequest },
    );
  }

  return (
    <Dialog
      open
      title={t('staff.membershipLabel', { organisation: membership.organisationName })}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            busy={update.isPending}
            busyLabel={t('common.saving')}
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} noValidate className="stack">
        <ErrorSummary formId={formId} problems={form.problems} />
        <p>{staff.displayName}</p>
        <SelectField
          {...form.field('profession')}
          label={t('staff.profession')}
          required
          options={professionOptions(t)}
          value={profession}
          onChange={(e) => setProfession(e.target.value)}
        />
        <SelectField
          {...form.field('role')}
          label={t('staff.role')}
          required
          options={roleOptions(t)}
          value={role}
          onChange={(e) => setRole(e.target.value)}
        />
      </form>
    </Dialog>
  );
}

/** Adds the account to another organisation the caller manages: directly (system admin) or by an invitation it accepts. */
function AddMembershipForm({
  staff,
  choices,
  direct,
  onAdded,
  onCancel,
}: {
  staff: StaffMember;
  choices: readonly OrganisationChoice[];
  direct: boolean;
  onAdded: (result: AddMemberResult) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const label = direct ? t('staff.addMembership') : t('invitations.invite');
  const formId = 'membership-add';
  const [organisationId, setOrganisationId] = useState(choices.length === 1 ? (choices[0]?.id ?? '') : '');
  const [profession, setProfession] = useState('');
  const [role, setRole] = useState<string>('staff');
  const form = useFormProblems(formId);
  const add = useAddMember();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: staff.email, profession: profession as Profession, role: role as MembershipRole };
    const errors = await validateAgainst(AddMemberByEmailBody, body, {
      profession: t('staff.profession'),
      role: t('staff.role'),
    });
    if (!organisationId) errors.organisationId = t('validation.choose', { field: t('staff.organisation') });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    add.mutate(
      { organisationId, body },
      {
        onSuccess: (result) => {
          setProfession('');
          onAdded(result);
        },
        onError: form.failRequest,
      },
    );
  }

  return (
    <form id={formId} onSubmit={(e) => void submit(e)} noValidate className="stack">
      <h3 tabIndex={-1} ref={(h) => h?.focus()}>
        {label}
      </h3>
      {direct ? null : <p className="muted">{t('invitations.inviteFormLead')}</p>}
      <ErrorSummary formId={formId} problems={form.problems} />
      <SelectField
        {...form.field('organisationId')}
        label={t('staff.organisation')}
        required
        placeholder={t('validation.choose', { field: t('staff.organisation') })}
        options={choices.map((o) => ({ value: o.id, label: o.name }))}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
      />
      <div className="grid-2">
        <SelectField
          {...form.field('profession')}
          label={t('staff.profession')}
          required
          placeholder={t('validation.choose', { field: t('staff.profession') })}
          options={professionOptions(t)}
          value={profession}
          onChange={(e) => setProfession(e.target.value)}
        />
        <SelectField
          {...form.field('role')}
          label={t('staff.role')}
          required
          options={roleOptions(t)}
          value={role}
          onChange={(e) => setRole(e.target.value)}
        />
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={add.isPending} busyLabel={t('common.saving')}>
          {label}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

/**
 * Where an account belongs, with its profession and role in each organisation. Changes are
 * offered only for organisations whose staff the caller manages (the server's abilities);
 * joining one is an invitation the account's owner accepts unless the caller adds `direct`ly.
 */
export function MembershipsPanel({
  staff,
  organisations,
  direct,
}: {
  staff: StaffMember;
  organisations: readonly OrganisationChoice[];
  direct: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Membership | null>(null);
  const [removing, setRemoving] = useState<Membership | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const remove = useRemoveMembership();
  const manageable = new Set(organisations.filter((o) => o.canManageStaff).map((o) => o.id));
  const addable = organisations.filter(
    (o) => o.canManageStaff && !staff.memberships.some((m) => m.organisationId === o.id),
  );

  return (
    <div className="stack">
      {message ? <Notice tone="success">{message}</Notice> : null}
      {staff.memberships.length ? (
        <div className="table-wrap">
          <table className="table table--cards">
            <caption className="visually-hidden">{t('staff.memberships')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.organisation')}</th>
                <th scope="col">{t('staff.profession')}</th>
                <th scope="col">{t('staff.role')}</th>
                {manageable.size ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('common.edit')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {staff.memberships.map((m) => (
                <tr key={m.organisationId}>
                  <th scope="row" data-label={t('staff.organisation')}>
                    {m.organisationName}
                  </th>
                  <td data-label={t('staff.profession')}>{t(`enums.profession.${m.profession}`)}</td>
                  <td data-label={t('staff.role')}>{t(`enums.membershipRole.${m.role}`)}</td>
                  {manageable.size ? (
                    <td>
                      {manageable.has(m.organisationId) ? (
                        <div className="button-row">
                          <Button
                            small
                            onClick={() => setEditing(m)}
                            aria-label={`${t('staff.changeMembership')}: ${m.organisationName}`}
                          >
                            {t('staff.changeMembership')}
                          </Button>
                          <Button
                            small
                            variant="danger"
                            onClick={() => {
                              remove.reset();
                              setRemoving(m);
                            }}
                            aria-label={`${t('staff.removeMembership')}: ${m.organisationName}`}
                          >
                            {t('staff.removeMembership')}
                          </Button>
                        </div>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('staff.noMemberships')}</p>
      )}
      {addable.length ? (
        <div className="subpanel stack">
          {adding ? (
            <AddMembershipForm
              staff={staff}
              choices={addable}
              direct={direct}
              onCancel={() => setAdding(false)}
              onAdded={(result) => {
                setAdding(false);
                setMessage(result.outcome === 'added' ? t('staff.addedMember') : t('invitations.sent'));
              }}
            />
          ) : (
            <div>
              <Button onClick={() => setAdding(true)}>
                + {direct ? t('staff.addMembership') : t('invitations.invite')}
              </Button>
            </div>
          )}
        </div>
      ) : null}
      {editing ? (
        <ChangeMembershipDialog
          staff={staff}
          membership={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setMessage(t('staff.membershipUpdated'));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('staff.removeMembership')}
        message={t('staff.removeMembershipConfirm', {
          name: staff.displayName,
          organisation: removing?.organisationName ?? '',
        })}
        confirmLabel={t('staff.removeMembership')}
        danger
        busy={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { organisationId: removing.organisationId, userId: staff.id },
            {
              onSuccess: () => {
                setRemoving(null);
                setMessage(t('staff.membershipRemoved'));
              },
            },
          );
        }}
      />
    </div>
  );
}
