import type { AddTeamMemberBody, TeamRole } from '@tsunagu/contract';
import { AddTeamMemberBody as AddTeamMemberSchema } from '@tsunagu/contract/persons';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { SelectField, TextField } from '../../../components/ui/field.tsx';
import { ErrorSummary, useFormProblems } from '../../../components/ui/form.tsx';
import { LoadError, Notice } from '../../../components/ui/notice.tsx';
import { todayInTokyo } from '../../../lib/format.ts';
import { validateAgainst } from '../../../lib/validation.ts';
import { personListQueryOptions } from '../../persons/api/persons.ts';
import { useAddToTeamOf } from '../api/team.ts';
import { TeamRoleFields } from './team-role-fields.tsx';

const FORM_ID = 'add-to-person-team';

/**
 * Adds an organisation found in the directory to the team of a person whose team the caller's
 * organisation leads (only a lead adds to a team; the list is consent-filtered by the server).
 * An organisation without tsunagu is reached by liaison sheet and phone; the dialog says so.
 */
export function AddToPersonTeamDialog({
  organisation,
  onClose,
  onAdded,
}: {
  organisation: { id: string; name: string; isOnTsunagu: boolean };
  onClose: () => void;
  onAdded: (person: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [personId, setPersonId] = useState('');
  const [role, setRole] = useState('');
  const [startedOn, setStartedOn] = useState(todayInTokyo);
  const persons = useQuery(personListQueryOptions(q));
  const led = (persons.data?.persons ?? []).filter((p) => p.isLead);
  const form = useFormProblems(FORM_ID);
  const add = useAddToTeamOf();
  const labels = {
    personId: t('directory.addToTeam.person'),
    role: t('team.role'),
    startedOn: t('team.startedOn'),
  };
  const searchOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    setQ(search.trim());
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      organisationId: organisation.id,
      role: role as TeamRole,
      startedOn,
    } satisfies AddTeamMemberBody;
    // In the order of the form: the person first.
    const errors = {
      ...(personId ? {} : { personId: t('validation.choose', { field: labels.personId }) }),
      ...(await validateAgainst(AddTeamMemberSchema, body, labels)),
    };
    if (Object.keys(errors).length) return form.failFields(errors);
    form.clear();
    const person = led.find((p) => p.id === personId);
    add.mutate(
      { personId, body },
      { onSuccess: () => onAdded({ id: personId, name: person?.name ?? '' }), onError: form.failRequest },
    );
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('directory.addToTeam.title', { name: organisation.name })}
      submitLabel={t('team.add')}
      busy={add.isPending}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ErrorSummary formId={FORM_ID} problems={form.problems} />
      {organisation.isOnTsunagu ? null : (
        <Notice tone="info">{t('directory.addToTeam.notOnTsunaguNote')}</Notice>
      )}
      <div className="organisation-search__controls">
        <TextField
          id={`${FORM_ID}-search`}
          label={t('home.searchLabel')}
          type="search"
          maxLength={100}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={searchOnEnter}
        />
        <Button small onClick={() => setQ(search.trim())}>
          {t('home.searchSubmit')}
        </Button>
      </div>
      {persons.isError ? <LoadError error={persons.error} onRetry={() => void persons.refetch()} /> : null}
      {persons.data && led.length === 0 ? <p>{t('directory.addToTeam.noPersons')}</p> : null}
      <SelectField
        {...form.field('personId')}
        label={labels.personId}
        hint={t('directory.addToTeam.personHint')}
        required
        placeholder={t('validation.choose', { field: labels.personId })}
        options={led.map((p) => ({ value: p.id, label: p.name + t('common.paren', { text: p.kana }) }))}
        value={personId}
        onChange={(e) => setPersonId(e.target.value)}
      />
      <TeamRoleFields
        field={form.field}
        role={role}
        onRole={setRole}
        startedOn={startedOn}
        onStartedOn={setStartedOn}
      />
    </FormDialog>
  );
}
