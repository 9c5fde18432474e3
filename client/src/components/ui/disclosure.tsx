import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button.tsx';

/**
 * A button that opens a long form in place, so the page stays short on a phone and nothing
 * opens in a new window. Opening moves focus to the form's first field; closing returns it to
 * the button.
 */
export function Disclosure({
  open,
  onToggle,
  label,
  variant = 'secondary',
  children,
}: {
  open: boolean;
  onToggle: (open: boolean) => void;
  label: string;
  variant?: ButtonVariant;
  children: ReactNode;
}) {
  const panelId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    else button.current?.focus();
  }, [open]);
  return (
    <div className="stack">
      {open ? null : (
        <div>
          <Button
            ref={button}
            variant={variant}
            aria-expanded={false}
            aria-controls={panelId}
            onClick={() => onToggle(true)}
          >
            {label}
          </Button>
        </div>
      )}
      <div id={panelId} ref={panel} hidden={!open} className="disclosure-panel">
        {open ? children : null}
      </div>
    </div>
  );
}
