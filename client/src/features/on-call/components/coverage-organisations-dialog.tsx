import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/ui/dialog.tsx';
import { CheckboxField } from '../../../components/ui/field.tsx';
import { Fieldset } from '../../../components/ui/form.tsx';
import { LoadError, Loading, Notice } from '../../../components/ui/notice.tsx';
import { messageOf } from '../../../lib/validation.ts';
import { allOrganisationsQueryOptions } from '../../organisations/api/organisations.ts';
import { coverageOrganisationsQueryOptions, useChooseCoverageOrganisations } from '../api/on-call.ts';

const FORM_ID = 'coverage-organisations';

/**
 * 当番が必要な時間を決める機関 (a system administrator, per region): the organisations whose hours
 * define the region's day — a minute needs someone on call whenever any of them is closed. The
 * choices offered are the organisations serving the region or an area around it (and any chosen
 * before); none chosen goes back to the default, the municipality's office and its 基幹.
 */
export function CoverageOrganisationsDialog({
  region,
  lineIds,
  onClose,
  onSaved,
}: {
  region: { id: string; name: string };
  /** The region, its ancestors and descendants: organisations serving any of them are offered. */
  lineIds: ReadonlySet<string>;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const current = useQuery(coverageOrganisationsQueryOptions(region.id));
  const organisations = useQuery(allOrganisationsQueryOptions);
  const choose = useChooseCoverageOrganisations(region.id);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const chosen =
    picked ?? new Set(current.data?.source === 'chosen' ? current.data.organisations.map((o) => o.id) : []);
  const offered = (organisations.data ?? []).filter(
    (o) => o.regionIds.some((id) => lineIds.has(id)) || chosen.has(o.id),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    choose.mutate([...chosen], {
      onSuccess: (saved) =>
        onSaved(
          saved.source === 'chosen'
            ? t('onCall.definers.saved', { name: region.name })
            : t('onCall.definers.reset', { name: region.name }),
        ),
    });
  }

  return (
    <FormDialog
      formId={FORM_ID}
      title={t('onCall.definers.title', { name: region.name })}
      submitLabel={t('common.save')}
      busy={choose.isPending}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="muted">{t('onCall.definers.lead')}</p>
      {current.isPending || organisations.isPending ? <Loading /> : null}
      {current.isError ? <LoadError error={current.error} /> : null}
      {current.data ? (
        <p>
          {t(`onCall.definers.source.${current.data.source}`, {
            names: current.data.organisations.map((o) => o.name).join(t('common.listSeparator')) || '—',
          })}
        </p>
      ) : null}
      {organisations.data ? (
        <Fieldset legend={t('onCall.definers.legend')}>
          {offered.length ? (
            offered.map((o) => (
              <CheckboxField
                key={o.id}
                id={`${FORM_ID}-${o.id}`}
                label={`${o.name}${t('common.paren', { text: t(`enums.organisationKind.${o.kind}`) })}`}
                checked={chosen.has(o.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(o.id);
                  else next.delete(o.id);
                  setPicked(next);
                }}
              />
            ))
          ) : (
            <p>{t('onCall.definers.none')}</p>
          )}
        </Fieldset>
      ) : null}
      <p className="muted">{t('onCall.definers.emptyMeansDefault')}</p>
      {choose.isError ? <Notice tone="error">{messageOf(choose.error)}</Notice> : null}
    </FormDialog>
  );
}
