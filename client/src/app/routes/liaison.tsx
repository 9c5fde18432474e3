import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/ui/notice.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { RadioGroup } from '../../components/ui/radio-group.tsx';
import { outstandingQueryOptions } from '../../features/liaison/api/liaison.ts';
import { OutstandingList } from '../../features/liaison/components/outstanding-list.tsx';
import { RecordReplyForm } from '../../features/liaison/components/record-reply-form.tsx';

/** 返信待ち: sheets sent to organisations without tsunagu, and replies that came by phone or FAX. */
export function LiaisonOutstandingRoute() {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'mine' | 'organisation'>('mine');
  const outstanding = useQuery(outstandingQueryOptions(scope));
  return (
    <div className="stack">
      <PageHeader title={t('liaison.outstanding.title')} lead={t('liaison.links.outstanding')} />
      <section aria-labelledby="record-reply-title" className="panel stack">
        <h2 id="record-reply-title" className="panel__title">
          {t('liaison.record.title')}
        </h2>
        <RecordReplyForm />
      </section>
      <section aria-labelledby="outstanding-title" className="stack">
        <h2 id="outstanding-title">{t('liaison.outstanding.title')}</h2>
        <RadioGroup
          id="outstanding-scope"
          legend={t('liaison.outstanding.scopeLabel')}
          inline
          options={[
            { value: 'mine', label: t('liaison.outstanding.mine') },
            { value: 'organisation', label: t('liaison.outstanding.organisation') },
          ]}
          value={scope}
          onChange={(v) => setScope(v === 'organisation' ? 'organisation' : 'mine')}
        />
        {outstanding.isPending ? <Loading /> : null}
        {outstanding.isError ? (
          <LoadError error={outstanding.error} onRetry={() => void outstanding.refetch()} />
        ) : null}
        {outstanding.data ? <OutstandingList items={outstanding.data.items} /> : null}
      </section>
    </div>
  );
}
