import type { Certificate } from '@tsunagu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/dialog.tsx';
import { NoConsentNotice } from '../../../components/ui/no-consent-notice.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDate } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { useDeleteCertificate } from '../api/persons.ts';
import { ExpiryBadge } from './certificate-badge.tsx';
import { CertificateDialog } from './certificate-dialog.tsx';

function Details({ c }: { c: Certificate }) {
  const { t } = useTranslation();
  const parts = [
    c.number ? `${t('persons.certificates.number')}: ${c.number}` : null,
    c.supportCategory ? t(`enums.supportCategory.${c.supportCategory}`) : null,
    c.grade ? t('persons.certificates.gradeValue', { grade: c.grade }) : null,
    c.kind === 'service_recipient' && c.validFrom && c.validUntil
      ? `${t('persons.certificates.period')}: ${t('time.range', { from: formatDate(c.validFrom), to: formatDate(c.validUntil) })}`
      : c.validUntil
        ? `${t('persons.certificates.validUntil')}: ${formatDate(c.validUntil)}`
        : null,
  ].filter(Boolean);
  return <p className="certificate__details">{parts.join(' ・ ')}</p>;
}

/** 証書: each with its expiry in words and colour; null means no consent for 福祉サービス. */
export function Certificates({
  personId,
  certificates,
  canManage,
}: {
  personId: string;
  certificates: readonly Certificate[] | null;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Certificate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Certificate | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const remove = useDeleteCertificate(personId);
  if (certificates === null) return <NoConsentNotice categoryLabel={t('enums.category.welfare_services')} />;
  return (
    <div className="stack">
      {status ? <Notice tone="success">{status}</Notice> : null}
      {certificates.length ? (
        <ul className="certificate-list">
          {certificates.map((c) => {
            const kind = t(`enums.certificateKind.${c.kind}`);
            return (
              <li key={c.id} className={`certificate certificate--${c.expiryState ?? 'valid'}`}>
                <div className="certificate__head">
                  <h4 className="certificate__kind">{kind}</h4>
                  <ExpiryBadge certificate={c} />
                </div>
                <Details c={c} />
                {canManage ? (
                  <div className="button-row">
                    <Button
                      small
                      onClick={() => setEditing(c)}
                      aria-label={t('persons.certificates.editLabel', { kind })}
                    >
                      {t('persons.certificates.edit')}
                    </Button>
                    <Button
                      small
                      variant="danger"
                      onClick={() => setDeleting(c)}
                      aria-label={t('persons.certificates.deleteLabel', { kind })}
                    >
                      {t('common.delete')}
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('persons.certificates.none')}</p>
      )}
      {canManage ? (
        <div>
          <Button small onClick={() => setEditing('new')}>
            {t('persons.certificates.add')}
          </Button>
        </div>
      ) : null}
      {editing ? (
        <CertificateDialog
          personId={personId}
          certificate={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setStatus(t('persons.certificates.saved'));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('persons.certificates.deleteTitle')}
        message={t('persons.certificates.deleteConfirm', {
          kind: deleting ? t(`enums.certificateKind.${deleting.kind}`) : '',
        })}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              setStatus(t('persons.certificates.deleted'));
            },
          })
        }
      />
    </div>
  );
}
