import type { AddTeamMemberBody, TeamRole } from '@tsunagu/contract';
import { AddTeamMemberBody as AddTeamMemberSchema } from '@tsunagu/contract/persons';
import { teamRoles } from '@tsunagu/contract/enums';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { CheckboxField, SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { useAddTeamMember } from '../api/team.ts';

const FORM_ID = 'add-team-member';

export interface Choice {
  id: string;
  name: string;
}

/**
 * Adds an organisation to the team; for the caller's own organisation a staff member may be
 * named too (the server lists only one's own colleagues).
 */
export function AddTeamMemberDialog({
  personId,
  organisations,
  myOrganisationId,
  myStaff,
  onClose,
  onAdded,
}: {
  personId: string;
  organisations: readonly Choice[];
  myOrganisationId: string | null;
  myStaff: readonly Choice[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [organisationId, setOrganisationId] = useState('');
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
      <SelectField
        {...form.field('organisationId')}
        label={labels.organisationId}
        required
        placeholder={t('validation.choose', { field: labels.organisationId })}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        value={organisationId}
        onChange={(e) => {
          setOrganisationId(e.target.value);
          setUserId('');
        }}
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
      <SelectField
        {...form.field('role')}
        label={labels.role}
        required
        placeholder={t('validation.choose', { field: labels.role })}
        options={teamRoles.map((r) => ({ value: r, label: t(`enums.teamRole.${r}`) }))}
        value={role}
        onChange={(e) => setRole(e.target.value)}
      />
      <TextField
        {...form.field('startedOn')}
        className="field--short"
        label={labels.startedOn}
        type="date"
        required
        value={startedOn}
        onChange={(e) => setStartedOn(e.target.value)}
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
