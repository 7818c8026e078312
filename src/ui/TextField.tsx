// A labelled input with its error under it. Forwarded props let react-hook-form register it.
import { forwardRef, useId, type InputHTMLAttributes } from 'react';

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: string;
}

export const TextField = forwardRef<HTMLInputElement, Props>(function TextField({ label, error, hint, ...input }, ref) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        ref={ref}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        {...input}
      />
      {error ? (
        <p id={`${id}-note`} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        hint && <p id={`${id}-note`} className="field-hint">{hint}</p>
      )}
    </div>
  );
});
