import type { ButtonHTMLAttributes, Ref } from 'react';
import { Link, type LinkProps } from 'react-router';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

/** The class names of a button, shared by <button> and links that look like one. */
export function buttonClass(variant: ButtonVariant = 'secondary', small = false): string {
  return ['button', `button--${variant}`, small ? 'button--small' : ''].filter(Boolean).join(' ');
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  small?: boolean;
  /** While true the button stays focusable but does nothing and says so. */
  busy?: boolean;
  busyLabel?: string;
  ref?: Ref<HTMLButtonElement>;
};

/** A native button; `busy` keeps it in the tab order (disabled buttons lose focus). */
export function Button({
  variant = 'secondary',
  small,
  busy,
  busyLabel,
  className,
  children,
  onClick,
  type = 'button',
  ...rest
}: Props) {
  return (
    <button
      type={type}
      className={[buttonClass(variant, small), className ?? ''].filter(Boolean).join(' ')}
      aria-disabled={busy || undefined}
      onClick={(e) => {
        if (busy) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
      {...rest}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}

/** A link styled as a button, for navigation actions ("機関を登録"). */
export function ButtonLink({
  variant = 'secondary',
  small,
  className,
  ...rest
}: LinkProps & { variant?: ButtonVariant; small?: boolean }) {
  return (
    <Link className={[buttonClass(variant, small), className ?? ''].filter(Boolean).join(' ')} {...rest} />
  );
}
