// Targets are typed in percent ("80" or "80,5", as Vietnamese write decimals) and stored as rates 0..1.

/** "80" or "80,5" → 0.8 / 0.805; null when it is not a percentage from 0 to 100. */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= 100 ? Math.round(value * 100) / 10000 : null;
}

export function toPercentText(rate: number): string {
  return String(Math.round(rate * 10000) / 100).replace('.', ',');
}

