// A small line chart of rates (0–100 %) over months with the target as a dashed line. Plain SVG: a chart
// library would cost more than every screen of the app together.
const WIDTH = 160;
const HEIGHT = 56;
const PAD = 4;

export interface SparkPoint {
  label: string;
  rate: number | null;
}

function y(rate: number): number {
  return PAD + (1 - Math.min(1, Math.max(0, rate))) * (HEIGHT - 2 * PAD);
}

export function Sparkline({ points, target, label }: { points: SparkPoint[]; target: number; label: string }) {
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
  const x = (i: number) => (points.length > 1 ? PAD + i * step : WIDTH / 2);
  // Months without a figure (denominator 0) break the line rather than drop it to 0 %.
  const segments: string[] = [];
  let current = '';
  points.forEach((point, i) => {
    if (point.rate === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)} ${y(point.rate).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg className="sparkline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} role="img" aria-label={label}>
      <line className="spark-target" x1={PAD} x2={WIDTH - PAD} y1={y(target)} y2={y(target)} />
      {segments.map((d) => (
        <path key={d} className="spark-line" d={d} />
      ))}
      {points.map((point, i) =>
        point.rate === null ? null : (
          <circle key={point.label} className={`spark-dot${point.rate >= target ? ' reached' : ''}`} cx={x(i)} cy={y(point.rate)} r={2.5}>
            <title>{`${point.label}: ${Math.round(point.rate * 1000) / 10} %`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
