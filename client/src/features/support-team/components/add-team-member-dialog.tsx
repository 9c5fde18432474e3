import type { AddTeamMemberBody, TeamRole } from '@tsunagu/contract';
import { AddTeamMemberBody as AddTeamMemberSchema } from '@tsunagu/contract/persons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { CheckboxField, SelectField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { OrganisationSearchField } from '../../directory/components/organisation-search-field.tsx';
import { useAddTeamMember } from '../api/team.ts';
import { TeamRoleFields } from './team-role-fields.tsx';

const FORM_ID = 'add-team-member';

export interface Choice {
  id: string;
  name: string;
}

/**
 * Adds an organisation to the team, found by searching the directory (any organisation of the
 * region, with or without accounts); for the caller's own organisation a staff member may be
 * named too (the server lists only one's own colleagues).
 */
export function AddTeamMemberDialog({
  personId,
  teamOrganisationIds,
  myOrganisation,
  myStaff,
  onClose,
  onAdded,
}: {
  personId: string;
  /** Organisations on the team now: not offered again (except mine, for another colleague). */
  teamOrganisationIds: readonly string[];
  myOrganisation: Choice | null;
  myStaff: readonly Choice[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [organisation, setOrganisation] = useState<Choice | null>(null);
  const organisationId = organisation?.id ?? '';
  const myOrganisationId = myOrganisation?.id ?? null;
  const exclude = new Set(teamOrganisationIds.filter((id) => id !== myOrganisationId));
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState('');
  const [isLead, setIsLead] = useState(false);
  const [startedOn, setStartedOn] = useState(todayInTokyo);
  const form = useFormProblems(FORM_ID);
  const add = useAddTeamMember(personId);
  const isMine = organisationId !== '' && organisationId === myOrganisationId;
  const labels = {
    organisationId: t('team.organisation'),
    userId: t('team.staffMember'),
    role: t('team.role'),
    startedOn: t('team.startedOn'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      organisationId,
      userId: isMine && userId ? userId : null,
      role: role as TeamRole,
      isLead,
      startedOn,
    } satisfies AddTeamMemberBody;
    const errors = await validateAgainst(AddTeamMemberSchema, body, labels);
    if (!organisationId) errors.organisationId = t('validation.choose', { field: labels.organisationId });
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    add.mutate(body, { onSuccess: onAdded, onError: form.failRequest });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('team.addTitle')}
      submitLabel={t('team.add')}
      busy={add.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      <OrganisationSearchField
        {...form.field('organisationId')}
        label={labels.organisationId}
        value={organisation}
        onChange={(next) => {
          setOrganisation(next);
          setUserId('');
        }}
        exclude={exclude}
        shortcut={myOrganisation}
      />
      {isMine ? (
        <SelectField
          {...form.field('userId')}
          label={labels.userId}
          placeholder={t('team.noStaff')}
          options={myStaff.map((s) => ({ value: s.id, label: s.name }))}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
        />
      ) : null}
      <p className="field__hint">{t('team.staffHint')}</p>
      <TeamRoleFields
        field={form.field}
        role={role}
        onRole={setRole}
        startedOn={startedOn}
        onStartedOn={setStartedOn}
      />
      <CheckboxField
        {...form.field('isLead')}
        label={t('team.isLead')}
        checked={isLead}
        onChange={(e) => setIsLead(e.target.checked)}
      />
    </FormDialog>
  );
}
