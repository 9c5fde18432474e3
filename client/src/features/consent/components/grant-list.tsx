import type { Grant } from '@tsunagu/contract';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FieldError, TextAreaField } from '../../../components/ui/field.tsx';
import { Notice } from '../../../components/ui/notice.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/validation.ts';
import { grantDocumentUrl, useUploadGrantDocument, useWithdrawGrant } from '../api/grants.ts';

const stateTones: Record<Grant['state'], BadgeTone> = {
  active: 'success',
  expired: 'warning',
  withdrawn: 'neutral',
};
const MAX_BYTES = 10 * 1024 * 1024;

function GrantFacts({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  const basis =
    t(`enums.grantBasis.${grant.basis}`) +
    (grant.method ? t('common.paren', { text: t(`enums.consentMethod.${grant.method}`) }) : '') +
    (grant.statute ? t('common.paren', { text: grant.statute }) : '');
  return (
    <dl className="description-list description-list--compact">
      <div>
        <dt>{t('consent.categories')}</dt>
        <dd>
          <ul className="category-chips">
            {grant.categories.map((c) => (
              <li key={c}>{t(`enums.category.${c}`)}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t('consent.basis')}</dt>
        <dd>{basis}</dd>
      </div>
      <div>
        <dt>{t('consent.obtainedOn')}</dt>
        <dd>
          {formatDate(grant.obtainedOn)}
          <span className="table__sub">
            {t('consent.obtainedBy')}: {grant.obtainedBy.name ?? '—'}
            {grant.obtainedBy.organisationName
              ? t('common.paren', { text: grant.obtainedBy.organisationName })
              : ''}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('consent.expiresOn')}</dt>
        <dd>{grant.expiresOn ? formatDate(grant.expiresOn) : t('consent.noExpiry')}</dd>
      </div>
      {grant.withdrawnAt ? (
        <div>
          <dt>{t('consent.withdrawnAt')}</dt>
          <dd>
            {formatDateTime(grant.withdrawnAt)}
            {grant.withdrawnBy?.name ? ` ${grant.withdrawnBy.name}` : ''}
            {grant.withdrawalNote ? <span className="table__sub">{grant.withdrawalNote}</span> : null}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('consent.document')}</dt>
        <dd>
          {grant.hasDocument ? (
            <a href={grantDocumentUrl(grant.id)}>{t('consent.documentOpen')}</a>
          ) : (
            <span className="muted">{t('consent.documentNone')}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** Attaches the scanned consent form; type and size are checked here first, then by content on the server. */
function DocumentUpload({
  personId,
  grant,
  onDone,
}: {
  personId: string;
  grant: Grant;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadGrantDocument(personId);
  const id = `grant-document-${grant.id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError(t('validation.choose', { field: t('consent.documentFile') }));
    if (file.size > MAX_BYTES) return setError(t('consent.documentTooLarge'));
    setError(null);
    upload.mutate(
      { grantId: grant.id, file },
      { onSuccess: () => onDone(t('consent.documentUploaded')), onError: (err) => setError(messageOf(err)) },
    );
  };
  return (
    <details className="disclosure">
      <summary>{grant.hasDocument ? t('consent.documentReplace') : t('consent.documentUpload')}</summary>
      <form className={error ? 'upload field--invalid' : 'upload'} onSubmit={submit} noValidate>
        <label htmlFor={id} className="field__label">
          {t('consent.documentFile')}
        </label>
        <p id={`${id}-hint`} className="field__hint">
          {t('consent.documentHint')}
        </p>
        <FieldError id={id} error={error ?? undefined} />
        <div className="button-row">
          <input
            ref={input}
            id={id}
            type="file"
            className="upload__input"
            accept="application/pdf,image/jpeg,image/png,image/webp"
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            aria-invalid={error ? true : undefined}
          />
          <Button type="submit" small busy={upload.isPending} busyLabel={t('common.saving')}>
            {t('consent.documentSubmit')}
          </Button>
        </div>
      </form>
    </details>
  );
}

function WithdrawDialog({
  personId,
  grant,
  onClose,
  onDone,
}: {
  personId: string;
  grant: Grant;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const withdraw = useWithdrawGrant(personId);
  return (
    <Dialog
      open
      title={t('consent.withdrawTitle')}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose} autoFocus>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            busy={withdraw.isPending}
            busyLabel={t('common.saving')}
            onClick={() =>
              withdraw.mutate(
                { grantId: grant.id, body: { note: note.trim() || null } },
                { onSuccess: onDone },
              )
            }
          >
            {t('consent.withdrawSubmit')}
          </Button>
        </>
      }
    >
      <p>{t('consent.withdrawConfirm', { organisation: grant.organisationName })}</p>
      <TextAreaField
        id="withdraw-note"
        label={t('consent.withdrawNote')}
        rows={3}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {withdraw.error ? (
        <p className="notice notice--error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {messageOf(withdraw.error)}
        </p>
      ) : null}
    </Dialog>
  );
}

function GrantCard({
  personId,
  grant,
  canManage,
  onStatus,
}: {
  personId: string;
  grant: Grant;
  canManage: boolean;
  onStatus: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [withdrawing, setWithdrawing] = useState(false);
  return (
    <li className={`grant grant--${grant.state}`}>
      <div className="grant__head">
        <h4 className="grant__organisation">{grant.organisationName}</h4>
        <Badge tone={stateTones[grant.state]}>{t(`enums.grantState.${grant.state}`)}</Badge>
      </div>
      <GrantFacts grant={grant} />
      {canManage && grant.state === 'active' ? (
        <div className="grant__actions">
          <DocumentUpload personId={personId} grant={grant} onDone={onStatus} />
          <div>
            <Button
              small
              variant="danger"
              onClick={() => setWithdrawing(true)}
              aria-label={t('consent.withdrawLabel', { organisation: grant.organisationName })}
            >
              {t('consent.withdraw')}
            </Button>
          </div>
        </div>
      ) : null}
      {withdrawing ? (
        <WithdrawDialog
          personId={personId}
          grant={grant}
          onClose={() => setWithdrawing(false)}
          onDone={() => {
            setWithdrawing(false);
            onStatus(t('consent.withdrawn'));
          }}
        />
      ) : null}
    </li>
  );
}

/** 同意: active grants first; withdrawn and expired ones kept for the record, folded away. */
export function GrantList({
  personId,
  grants,
  canManage,
}: {
  personId: string;
  grants: readonly Grant[];
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const active = grants.filter((g) => g.state === 'active');
  const inactive = grants.filter((g) => g.state !== 'active');
  const card = (g: Grant) => (
    <GrantCard key={g.id} personId={personId} grant={g} canManage={canManage} onStatus={setStatus} />
  );
  return (
    <div className="stack">
      {status ? <Notice tone="success">{status}</Notice> : null}
      <h3>{t('consent.active')}</h3>
      {active.length ? (
        <ul className="grant-list">{active.map(card)}</ul>
      ) : (
        <p className="muted">{t('consent.none')}</p>
      )}
      {inactive.length ? (
        <details className="disclosure">
          <summary>{t('consent.inactive', { count: inactive.length })}</summary>
          <ul className="grant-list">{inactive.map(card)}</ul>
        </details>
      ) : null}
    </div>
  );
}
