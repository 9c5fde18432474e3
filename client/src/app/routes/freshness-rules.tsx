import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { FreshnessRulesEditor } from '../../features/information/components/freshness-rules-editor.tsx';
import { useRegionChoices } from '../region-choices.ts';
import { useSignedInSession } from '../session-gate.tsx';
import { SettingsEyebrow } from './settings.tsx';

/** 見直しの間隔 (system administrators). */
export function FreshnessRulesRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const regions = useRegionChoices();
  return (
    <>
      <PageHeader
        title={t('freshnessRules.title')}
        eyebrow={<SettingsEyebrow />}
        lead={<p>{t('freshnessRules.lead')}</p>}
      />
      {session.user.isSystemAdmin ? (
        <FreshnessRulesEditor
          regions={regions.choices.map((r) => ({
            id: r.id,
            label: `${'　'.repeat(r.depth)}${r.name}${t('common.paren', { text: r.levelLabel })}`,
          }))}
        />
      ) : (
        <Notice tone="error">{t('errors.forbidden')}</Notice>
      )}
    </>
  );
}
