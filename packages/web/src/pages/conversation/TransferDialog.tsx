import type { AgentView, ConversationView } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import type { Catalogs } from '../../api/catalogs';
import { agentsApi, conversationsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import type { Realtime } from '../../realtime/realtime';
import { t } from '../../i18n';

const presenceWord = { online: 'online', away: 'away', offline: 'offline' } as const;

function agentLabel(a: AgentView): string {
  const load = a.maxChats
    ? t('{open}/{max} chats', { open: a.openChats, max: a.maxChats })
    : t('{count, plural, one {# chat} other {# chats}}', { count: a.openChats });
  const available = a.availability === 'available' ? t('available') : t('not available');
  return `${a.name} — ${t(presenceWord[a.presence])}, ${available}, ${load}`;
}

/** Transfer to another agent or to a department, with a comment for whoever gets it. */
export function TransferDialog(props: {
  conversation: ConversationView;
  catalogs: Catalogs;
  realtime: Realtime | undefined;
  canForce: boolean;
  onClose: () => void;
  onDone: (c: ConversationView, targetName: string) => void;
}) {
  const { conversation: c, catalogs, realtime } = props;
  const [kind, setKind] = useState<'agent' | 'department'>('agent');
  const [agents, setAgents] = useState<AgentView[]>();
  const [agentsError, setAgentsError] = useState<unknown>();
  const [agentId, setAgentId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [comment, setComment] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    agentsApi.list().then((r) => setAgents(r.items), setAgentsError);
    if (!realtime) return;
    // Presence changes while the dialog is open.
    const release = realtime.subscribe('presence');
    const off = realtime.onFrame((f) => {
      if (f.type !== 'agent.status') return;
      setAgents((list) =>
        list?.map((a) => (a.userId === f.userId ? { ...a, presence: f.presence, availability: f.availability } : a)),
      );
    });
    return () => {
      off();
      release();
    };
  }, [realtime]);

  const current = catalogs.departments.find((d) => d.id === c.departmentId);
  const departments = catalogs.departments.filter(
    (d) =>
      d.enabled &&
      !d.archived &&
      d.id !== c.departmentId &&
      (!current || current.allowedForwardIds.length === 0 || current.allowedForwardIds.includes(d.id)),
  );
  const candidates = (agents ?? [])
    .filter((a) => a.userId !== c.agent?.id)
    .sort((a, b) => Number(b.presence === 'online') - Number(a.presence === 'online') || a.name.localeCompare(b.name));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = kind === 'agent' ? { agentId, ...(force ? { force: true } : {}) } : { departmentId };
      const view = await conversationsApi.transfer(c.id, {
        ...body,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      const name =
        kind === 'agent'
          ? (agents?.find((a) => a.userId === agentId)?.name ?? t('the agent'))
          : t('the {name} department', { name: departments.find((d) => d.id === departmentId)?.name ?? '' });
      props.onDone(view, name);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const general = error !== undefined && !fields.agentId && !fields.departmentId && !fields.comment;
  return (
    <Dialog title={t('Transfer conversation')} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend className="field-label">{t('Transfer to')}</legend>
          <div className="segmented">
            <label className="choice">
              <input type="radio" name="transfer-kind" checked={kind === 'agent'} onChange={() => setKind('agent')} />
              <span>{t('An agent')}</span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name="transfer-kind"
                checked={kind === 'department'}
                onChange={() => setKind('department')}
              />
              <span>{t('A department')}</span>
            </label>
          </div>
        </fieldset>
        {kind === 'agent' ? (
          <div className={`field${fields.agentId ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor="transfer-agent">
              {t('Agent')}
            </label>
            <select
              id="transfer-agent"
              className="input select"
              value={agentId}
              onChange={(e) => setAgentId(e.target.value)}
              aria-invalid={fields.agentId ? true : undefined}
              aria-describedby={fields.agentId ? 'transfer-agent-error' : 'transfer-agent-hint'}
            >
              <option value="">{agents ? t('Choose an agent') : t('Loading agents…')}</option>
              {candidates.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {agentLabel(a)}
                </option>
              ))}
            </select>
            <p className="field-hint" id="transfer-agent-hint">
              {t('The agent must be online, available and have room for one more chat.')}
            </p>
            {fields.agentId && (
              <p className="field-error" id="transfer-agent-error">
                {fields.agentId}
              </p>
            )}
            {agentsError !== undefined && <p className="field-error">{errorMessage(agentsError)}</p>}
            {props.canForce && (
              <label className="choice">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                <span>
                  <span className="choice-title">{t('Force the transfer')}</span>
                  <span className="choice-description">
                    {t('Ignore availability and capacity (recorded in the audit log).')}
                  </span>
                </span>
              </label>
            )}
          </div>
        ) : (
          <div className={`field${fields.departmentId ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor="transfer-department">
              {t('Department')}
            </label>
            <select
              id="transfer-department"
              className="input select"
              value={departmentId}
              onChange={(e) => setDepartmentId(e.target.value)}
              aria-invalid={fields.departmentId ? true : undefined}
              aria-describedby={fields.departmentId ? 'transfer-department-error' : undefined}
            >
              <option value="">
                {departments.length ? t('Choose a department') : t('No department to transfer to')}
              </option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            {fields.departmentId && (
              <p className="field-error" id="transfer-department-error">
                {fields.departmentId}
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label className="field-label" htmlFor="transfer-comment">
            {t('Comment')} <span className="muted">{t('(optional)')}</span>
          </label>
          <textarea
            id="transfer-comment"
            className="input textarea"
            value={comment}
            maxLength={2000}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        {general && (
          <Alert tone="error" title={t('The conversation was not transferred.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || (kind === 'agent' ? !agentId : !departmentId)}
          >
            {busy ? t('Transferring…') : t('Transfer')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
