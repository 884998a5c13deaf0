import { useEffect, useState, type ReactNode } from 'react';
import type { Catalogs } from '../../api/catalogs';
import { conversationsApi } from '../../api/omnichannel';
import type { ConversationView, MessageView, TransferRecord } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatDateTime, formatDuration, formatTime } from '../../components/format';
import { RoomInfoForm } from './RoomInfoForm';
import { statusLabel, statusTone } from './status';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

/** Who the visitor is, the room information, where they browsed, and how the conversation went. */
export function SidePanel(props: {
  conversation: ConversationView;
  messages: MessageView[];
  catalogs: Catalogs | undefined;
  canEdit: boolean;
  onChanged: (c: ConversationView) => void;
}) {
  const { conversation: c, catalogs } = props;
  const [editing, setEditing] = useState(false);
  const [transfers, setTransfers] = useState<TransferRecord[]>();
  useEffect(() => {
    let live = true;
    conversationsApi.transfers(c.id).then(
      (r) => live && setTransfers(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [c.id, c.departmentId, c.agent?.id]);

  const dept = (id: string | null) => (id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? 'Unknown') : '—');
  const priority = c.priorityId ? catalogs?.priorities.find((p) => p.id === c.priorityId)?.name : undefined;
  const sla = c.slaId ? catalogs?.slas.find((s) => s.id === c.slaId) : undefined;
  const navigation = props.messages
    .filter((m) => m.systemType === 'navigation')
    .slice(-20)
    .reverse();
  const m = c.metrics;
  const labelOf = (id: string) => catalogs?.fields.find((f) => f.id === id)?.label ?? id;

  return (
    <aside className="side-panel" aria-label="Conversation details">
      <section aria-labelledby="sp-visitor">
        <h3 id="sp-visitor">Visitor</h3>
        <dl className="details details-compact">
          <Row label="Name">{c.visitor.name}</Row>
          <Row label="Username">{c.visitor.username}</Row>
          <Row label="Email">{c.visitor.email && <a href={`mailto:${c.visitor.email}`}>{c.visitor.email}</a>}</Row>
          <Row label="Phone">{c.visitor.phone}</Row>
          <Row label="Channel">{c.channel}</Row>
        </dl>
      </section>

      <section aria-labelledby="sp-conversation">
        <h3 id="sp-conversation">Conversation</h3>
        <dl className="details details-compact">
          <Row label="Status">
            <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
          </Row>
          <Row label="Department">{dept(c.departmentId)}</Row>
          <Row label="Agent">{c.agent?.name}</Row>
          <Row label="Started">{formatDateTime(c.createdAt)}</Row>
          {c.closedAt && <Row label="Closed">{formatDateTime(c.closedAt)}</Row>}
          {c.closeComment && <Row label="Close comment">{c.closeComment}</Row>}
        </dl>
      </section>

      <section aria-labelledby="sp-room">
        <div className="section-heading">
          <h3 id="sp-room">Room information</h3>
          {props.canEdit && !editing && catalogs && (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> room information</span>
            </button>
          )}
        </div>
        {editing && catalogs ? (
          <RoomInfoForm
            conversation={c}
            catalogs={catalogs}
            onCancel={() => setEditing(false)}
            onSaved={(v) => {
              setEditing(false);
              props.onChanged(v);
            }}
          />
        ) : (
          <dl className="details details-compact">
            <Row label="Topic">{c.topic || undefined}</Row>
            <Row label="Tags">
              {c.tags.length > 0 && (
                <span className="badge-list">
                  {c.tags.map((t) => (
                    <Badge key={t}>{t}</Badge>
                  ))}
                </span>
              )}
            </Row>
            <Row label="Priority">{priority}</Row>
            <Row label="SLA policy">{sla && `${sla.name} (${sla.dueMinutes} min)`}</Row>
            {Object.entries(c.customFields).map(([k, v]) => (
              <Row key={k} label={labelOf(k)}>
                {v || undefined}
              </Row>
            ))}
          </dl>
        )}
      </section>

      <section aria-labelledby="sp-metrics">
        <h3 id="sp-metrics">Metrics</h3>
        <dl className="details details-compact">
          <Row label="Waited">{formatDuration(m.waitSeconds)}</Row>
          <Row label="First response">{formatDuration(m.firstResponseSeconds)}</Row>
          <Row label="Reaction">{formatDuration(m.reactionSeconds)}</Row>
          <Row label="Average response">{formatDuration(m.averageResponseSeconds)}</Row>
          <Row label="Responses">{String(m.responseCount)}</Row>
          {m.chatDurationSeconds !== null && <Row label="Duration">{formatDuration(m.chatDurationSeconds)}</Row>}
        </dl>
      </section>

      <section aria-labelledby="sp-navigation">
        <h3 id="sp-navigation">Navigation</h3>
        {navigation.length === 0 ? (
          <p className="muted small">No page visits in the loaded history.</p>
        ) : (
          <ol className="nav-history">
            {navigation.map((n) => {
              const url = typeof n.data?.url === 'string' ? n.data.url : '';
              const title = typeof n.data?.title === 'string' ? n.data.title : '';
              return (
                <li key={n.id}>
                  {/^https?:\/\//.test(url) ? (
                    <a href={url} target="_blank" rel="noopener noreferrer" className="cell-break" title={url}>
                      {title || url}
                    </a>
                  ) : (
                    <span className="cell-break">{title || url}</span>
                  )}
                  <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      {transfers && transfers.length > 0 && (
        <section aria-labelledby="sp-transfers">
          <h3 id="sp-transfers">Transfers</h3>
          <ol className="nav-history">
            {transfers.map((t) => (
              <li key={t.id}>
                <span>
                  {t.to.agentId
                    ? `To ${catalogs?.agentNames[t.to.agentId] ?? 'an agent'}`
                    : `To ${dept(t.to.departmentId)}`}
                  {t.forced ? ' (forced)' : ''}
                  {t.comment ? `: “${t.comment}”` : ''}
                </span>
                <time dateTime={t.at}>{formatTime(t.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  );
}
