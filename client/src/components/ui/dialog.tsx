import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';

interface DialogProps {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; a close button is added when none is given. */
  actions?: ReactNode;
  /** For a dialog that must not be dismissed by Esc (e.g. a password shown once). */
  dismissible?: boolean;
}

/**
 * A modal built on the native <dialog>: the browser makes the page behind it inert, keeps
 * focus inside, closes it with Esc and returns focus to where it was.
 */
export function Dialog({ open, title, onClose, children, actions, dismissible = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      return () => {
        if (dialog.open) dialog.close();
        // Focus returns to the control that opened the dialog, if it is still on the page.
        if (opener?.isConnected) opener.focus();
      };
    }
    return undefined;
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissible) onClose();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">
        {actions ?? (
          <Button onClick={onClose} variant="secondary">
            {t('common.close')}
          </Button>
        )}
      </div>
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: ReactNode;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** A failed attempt, shown inside the dialog so the user sees why nothing happened. */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a destructive action; the safe choice (cancel) comes first and gets focus. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      actions={
        <>
          <Button onClick={onCancel} autoFocus>
            {t('common.cancel')}
          </Button>
          <Button
            variant={danger ? 'danger' : 'primary'}
            onClick={onConfirm}
            busy={busy}
            busyLabel={t('common.saving')}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p>{message}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

interface FormDialogProps {
  /** The form's id: the submit button sits in the dialog's actions, outside the form. */
  formId: string;
  title: ReactNode;
  submitLabel: string;
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  children: ReactNode;
  /** A destructive submit (取り下げ) is drawn as such, and cancel gets the focus. */
  danger?: boolean;
}

/** A dialog holding one form: cancel, then submit (busy while it saves); the form validates itself. */
export function FormDialog({
  formId,
  title,
  submitLabel,
  busy,
  onSubmit,
  onClose,
  children,
  danger,
}: FormDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose} autoFocus={danger}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant={danger ? 'danger' : 'primary'}
            busy={busy}
            busyLabel={t('common.saving')}
          >
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="stack">
        {children}
      </form>
    </Dialog>
  );
}
