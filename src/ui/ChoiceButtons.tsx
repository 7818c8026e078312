// Large toggle buttons instead of dropdowns: one tap, readable in the sun, each at least 48 px high.
// Rendered as a radio group so screen readers and keyboards work too.
import { useId } from 'react';

export interface Choice<V extends string | boolean> {
  value: V;
  label: string;
  /** "good" marks the choice that completes a pillar, so it is shown in green when selected. */
  tone?: 'good' | 'neutral';
}

interface Props<V extends string | boolean> {
  label: string;
  value: V | undefined;
  choices: Choice<V>[];
  onChange: (value: V) => void;
  name?: string;
  error?: string;
}

export function ChoiceButtons<V extends string | boolean>({ label, value, choices, onChange, name, error }: Props<V>) {
  const labelId = useId();
  const errorId = useId();
  return (
    <div className="field">
      <span id={labelId} className="field-label">
        {label}
      </span>
      <div
        role="radiogroup"
        aria-labelledby={labelId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="choices"
        data-name={name}
      >
        {choices.map((choice) => {
          const selected = choice.value === value;
          return (
            <button
              key={String(choice.value)}
              type="button"
              role="radio"
              aria-checked={selected}
              className={`choice${selected ? ' selected' : ''}${choice.tone === 'good' ? ' good' : ''}`}
              onClick={() => onChange(choice.value)}
            >
              {choice.label}
            </button>
          );
        })}
      </div>
      {error && <p id={errorId} className="field-error" role="alert">{error}</p>}
    </div>
  );
}
