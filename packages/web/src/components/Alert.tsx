import type { ReactNode } from 'react';

type Tone = 'error' | 'success' | 'info' | 'warning';

/** A message block; errors are announced immediately (role=alert), the rest politely (role=status). */
export function Alert({ tone, title, children }: { tone: Tone; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert-title">{title}</p>}
      {children && <div className="alert-body">{children}</div>}
    </div>
  );
}
