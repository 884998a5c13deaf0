import type { Presence } from '@parley/shared';

const labels: Record<Presence, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

/** A colored dot with the presence in words (the color is never the only signal). */
export function PresenceBadge({ presence, label }: { presence: Presence; label?: string }) {
  return (
    <span className={`presence presence-${presence}`}>
      <span className="presence-dot" aria-hidden="true" />
      {label ?? labels[presence]}
    </span>
  );
}
