import type { ReactNode } from 'react';

interface Props {
  tone: 'info' | 'warning' | 'error' | 'success';
  children: ReactNode;
  action?: ReactNode;
}

/** A message across the screen; errors are announced to screen readers at once. */
export function Banner({ tone, children, action }: Props) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="banner-text">{children}</div>
      {action}
    </div>
  );
}
