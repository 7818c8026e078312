// A button for an action that is hard to take back: the first tap shows what will happen, with
// "Huỷ" and a button that does it. One pattern for removing, resetting and locking.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from './Banner';

interface Props {
  /** The button as first shown. */
  label: string;
  className?: string;
  /** What will happen, in words. */
  warning: ReactNode;
  confirmLabel: string;
  /** Defaults to "Hủy". */
  cancelLabel?: string;
  /** Said when the action fails (the question stays open, to try again or cancel); defaults to "not done, press again". */
  failedText?: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  testId?: string;
}

export function ConfirmButton({ label, className = 'button', warning, confirmLabel, cancelLabel, failedText, onConfirm, disabled, testId }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  // While the action runs a second tap does nothing (a double tap must not delete or lock twice).
  const [state, setState] = useState<'idle' | 'running' | 'failed'>('idle');
  if (!confirming) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setConfirming(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    if (state === 'running') return;
    setState('running');
    try {
      await onConfirm();
      setState('idle');
      setConfirming(false);
    } catch (error) {
      console.error('a confirmed action failed', error);
      setState('failed');
    }
  };
  return (
    <Banner
      tone={state === 'failed' ? 'error' : 'warning'}
      action={
        <span className="row">
          <button type="button" className="button" onClick={() => { setConfirming(false); setState('idle'); }}>{cancelLabel ?? t('common.cancel')}</button>
          <button type="button" className="button button-danger" disabled={disabled || state === 'running'} onClick={confirm} data-testid={testId ? `${testId}-confirm` : undefined}>
            {confirmLabel}
          </button>
        </span>
      }
    >
      {warning}
      {state === 'failed' && <> {failedText ?? t('common.actionFailed')}</>}
    </Banner>
  );
}
