import { teamRoles } from '@tsunagu/contract/enums';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/ui/field.tsx';

/** A field's id and error, as useFormProblems hands them out. */
type FieldProps = (field: string) => { id: string; error: string | undefined };

/** The role on the team and the first day, as every way of adding to a team asks them. */
export function TeamRoleFields({
  field,
  role,
  onRole,
  startedOn,
  onStartedOn,
}: {
  field: FieldProps;
  role: string;
  onRole: (role: string) => void;
  startedOn: string;
  onStartedOn: (day: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        {...field('role')}
        label={t('team.role')}
        required
        placeholder={t('validation.choose', { field: t('team.role') })}
        options={teamRoles.map((r) => ({ value: r, label: t(`enums.teamRole.${r}`) }))}
        value={role}
        onChange={(e) => onRole(e.target.value)}
      />
      <TextField
        {...field('startedOn')}
        className="field--short"
        label={t('team.startedOn')}
        type="date"
        required
        value={startedOn}
        onChange={(e) => onStartedOn(e.target.value)}
      />
    </>
  );
}
