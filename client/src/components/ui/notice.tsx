import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../lib/validation.ts';
import { Button } from './button.tsx';

type Tone = 'info' | 'success' | 'warning' | 'error';

const icons: Record<Tone, string> = { info: 'ℹ', success: '✓', warning: '!', error: '⚠' };

/**
 * A message box. Success and info are polite status messages; errors interrupt (alert).
 * Each tone has an icon too, so it is not told by colour alone.
 */
export function Notice({
  tone = 'info',
  title,
  children,
  live = true,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  live?: boolean;
}) {
  const role = !live ? undefined : tone === 'error' ? 'alert' : 'status';
  return (
    <div className={`notice notice--${tone}`} role={role}>
      <span className="notice__icon" aria-hidden="true">
        {icons[tone]}
      </span>
      <div className="notice__content">
        {title ? <p className="notice__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}

/** Shown while data loads; announced politely. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** A failed load, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Notice tone="error" title={t('errors.loadFailed')}>
      <p>{messageOf(error)}</p>
      {onRetry ? (
        <Button small onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </Notice>
  );
}
