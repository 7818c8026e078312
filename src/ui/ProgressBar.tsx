// A progress bar with the target marked on it, so "how far from the goal" is seen at a glance.
interface Props {
  rate: number | null;
  target: number;
  label: string;
}

export function ProgressBar({ rate, target, label }: Props) {
  const percent = rate === null ? 0 : Math.min(100, Math.round(rate * 1000) / 10);
  const reached = rate !== null && rate >= target;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={rate === null ? undefined : percent}
    >
      <div className={`progress-fill${reached ? ' reached' : ''}`} style={{ width: `${percent}%` }} />
      <div className="progress-target" style={{ left: `${Math.min(100, target * 100)}%` }} />
    </div>
  );
}
