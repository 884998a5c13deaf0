import { Alert } from '../../components/Alert';
import { PresenceBadge } from '../../components/Presence';
import { errorMessage } from '../../api/client';
import { useStore } from '../../lib/store';
import type { Realtime } from '../../realtime/realtime';
import type { Workspace } from '../../workspace/workspace';
import { useOmni } from '../../workspace/OmniProvider';
import { t } from '../../i18n';

/** The top bar's live status: an agent's availability switch and presence, and a lost connection. */
export function AgentStatus() {
  const omni = useOmni();
  if (!omni) return null;
  return (
    <div className="agent-status">
      <ConnectionBadge realtime={omni.realtime} />
      {omni.workspace.agent && <AvailabilitySwitch workspace={omni.workspace} />}
    </div>
  );
}

function ConnectionBadge({ realtime }: { realtime: Realtime }) {
  const status = useStore(realtime.status);
  if (status === 'online') return null;
  return (
    <span className="connection-badge" role="status">
      {status === 'connecting' ? t('Connecting…') : t('Connection lost, reconnecting…')}
    </span>
  );
}

function AvailabilitySwitch({ workspace }: { workspace: Workspace }) {
  const { status, statusError } = useStore(workspace.state);
  if (!status) return null;
  const available = status.availability === 'available';
  return (
    <div className="availability">
      <label className="switch availability-switch">
        <input
          type="checkbox"
          role="switch"
          checked={available}
          onChange={(e) => void workspace.setAvailability(e.target.checked ? 'available' : 'unavailable')}
        />
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="availability-label">{t('Available')}</span>
      </label>
      <PresenceBadge presence={status.presence} />
      {statusError !== undefined && (
        <div className="availability-error">
          <Alert tone="error">{errorMessage(statusError)}</Alert>
        </div>
      )}
    </div>
  );
}
