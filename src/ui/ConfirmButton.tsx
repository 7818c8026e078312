// A button for an action that is hard to take back: the first tap shows what will happen, with
// "Huỷ" and a button that does it. One pattern for removing, resetting and locking.
import { useState, type ReactNode } from 'react';
import { Banner } from './Banner';

interface Props {
  /** The button as first shown. */
  label: string;
  className?: string;
  /** What will happen, in words. */
  warning: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  testId?: string;
}

export function ConfirmButton({ label, className = 'button', warning, confirmLabel, cancelLabel, onConfirm, disabled, testId }: Props) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setConfirming(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <Banner
      tone="warning"
      action={
        <span className="row">
          <button type="button" className="button" onClick={() => setConfirming(false)}>{cancelLabel}</button>
          <button
            type="button"
            className="button button-danger"
            disabled={disabled}
            onClick={async () => {
              await onConfirm();
              setConfirming(false);
            }}
            data-testid={testId ? `${testId}-confirm` : undefined}
          >
            {confirmLabel}
          </button>
        </span>
      }
    >
      {warning}
    </Banner>
  );
}
