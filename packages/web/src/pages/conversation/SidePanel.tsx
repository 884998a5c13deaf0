import type { ConversationView, MessageView, PageView, TransferRecord } from '@parley/shared';
import { useEffect, useState, type ReactNode } from 'react';
import type { Catalogs } from '../../api/catalogs';
import { errorMessage } from '../../api/client';
import { conversationsApi } from '../../api/omnichannel';
import { Badge } from '../../components/Badge';
import { formatDateTime, formatDuration, formatTime } from '../../components/format';
import { ChatContactActions } from '../contacts/ChatContactActions';
import { RatingRow } from './RatingRow';
import { RoomInfoForm } from './RoomInfoForm';
import { statusLabel, statusTone } from './status';
import { closeReasonText, reasonText } from './timerText';
import type { VisitorDetailsState } from './useVisitorDetails';
import { t } from '../../i18n';
import { ChannelBadge } from '../../components/ChannelBadge';

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
  visitor: VisitorDetailsState;
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

  const dept = (id: string | null) =>
    id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? t('Unknown')) : '—';
  const priority = c.priorityId ? catalogs?.priorities.find((p) => p.id === c.priorityId)?.name : undefined;
  const sla = c.slaId ? catalogs?.slas.find((s) => s.id === c.slaId) : undefined;
  const details = props.visitor.details;
  // The visitor's own page views (every page, whether or not it was also posted in the conversation);
  // without them (not readable), the conversation's `navigation` messages.
  const navigation: PageView[] = details
    ? details.pageViews
    : props.messages
        .filter((m) => m.systemType === 'navigation')
        .slice(-20)
        .reverse()
        .map((n) => ({
          url: typeof n.data?.url === 'string' ? n.data.url : '',
          title: typeof n.data?.title === 'string' ? n.data.title : '',
          at: n.createdAt,
          conversationId: c.id,
        }));
  const m = c.metrics;
  const labelOf = (id: string) => catalogs?.fields.find((f) => f.id === id)?.label ?? id;

  return (
    <aside className="side-panel" aria-label={t('Conversation details')}>
      <VisitorSection conversation={c} visitor={props.visitor} catalogs={catalogs} />

      <section aria-labelledby="sp-conversation">
        <h3 id="sp-conversation">{t('Conversation')}</h3>
        <dl className="details details-compact">
          <Row label={t('Status')}>
            <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
          </Row>
          <Row label={t('Department')}>{dept(c.departmentId)}</Row>
          <Row label={t('Agent')}>{c.agent?.name}</Row>
          <Row label={t('Started')}>{formatDateTime(c.createdAt)}</Row>
          {c.closedAt && <Row label={t('Closed')}>{formatDateTime(c.closedAt)}</Row>}
          {c.closedBy?.type === 'system' ? (
            // A close by a timer keeps its reason as the comment: said in words.
            <Row label={t('Close reason')}>{closeReasonText(c.closeComment)}</Row>
          ) : (
            c.closeComment && <Row label={t('Close comment')}>{c.closeComment}</Row>
          )}
          <RatingRow conversationId={c.id} closedAt={c.closedAt} />
        </dl>
      </section>

      <section aria-labelledby="sp-room">
        <div className="section-heading">
          <h3 id="sp-room">{t('Room information')}</h3>
          {props.canEdit && !editing && catalogs && (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>
              {t('Edit')}
              <span className="visually-hidden"> {t('room information')}</span>
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
            <Row label={t('Topic')}>{c.topic || undefined}</Row>
            <Row label={t('Tags')}>
              {c.tags.length > 0 ? (
                <span className="badge-list">
                  {c.tags.map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </span>
              ) : undefined}
            </Row>
            <Row label={t('Priority')}>{priority}</Row>
            <Row label={t('SLA policy')}>
              {sla && t('{name} ({minutes} min)', { name: sla.name, minutes: sla.dueMinutes })}
            </Row>
            {Object.entries(c.customFields).map(([k, v]) => (
              <Row key={k} label={labelOf(k)}>
                {v || undefined}
              </Row>
            ))}
          </dl>
        )}
      </section>

      <section aria-labelledby="sp-metrics">
        <h3 id="sp-metrics">{t('Metrics')}</h3>
        <dl className="details details-compact">
          <Row label={t('Waited')}>{formatDuration(m.waitSeconds)}</Row>
          <Row label={t('First response')}>{formatDuration(m.firstResponseSeconds)}</Row>
          <Row label={t('Reaction')}>{formatDuration(m.reactionSeconds)}</Row>
          <Row label={t('Average response')}>{formatDuration(m.averageResponseSeconds)}</Row>
          <Row label={t('Responses')}>{String(m.responseCount)}</Row>
          {m.chatDurationSeconds !== null && <Row label={t('Duration')}>{formatDuration(m.chatDurationSeconds)}</Row>}
        </dl>
      </section>

      <section aria-labelledby="sp-navigation">
        <h3 id="sp-navigation">{t('Navigation')}</h3>
        {navigation.length === 0 ? (
          <p className="muted small">
            {details ? t('No page visits recorded.') : t('No page visits in the loaded history.')}
          </p>
        ) : (
          <ol className="nav-history" aria-label={t('Pages visited, newest first')}>
            {navigation.map((n, i) => (
              <li key={`${n.at}-${i}`}>
                {/^https?:\/\//.test(n.url) ? (
                  <a href={n.url} target="_blank" rel="noopener noreferrer" className="cell-break" title={n.url}>
                    {n.title || n.url}
                  </a>
                ) : (
                  <span className="cell-break">{n.title || n.url}</span>
                )}
                <time dateTime={n.at}>{formatTime(n.at)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>

      {transfers && transfers.length > 0 && (
        <section aria-labelledby="sp-transfers">
          <h3 id="sp-transfers">{t('Transfers')}</h3>
          <ol className="nav-history">
            {transfers.map((tr) => (
              <li key={tr.id}>
                <span>
                  {tr.to.agentId
                    ? t('To {target}', { target: catalogs?.agentNames[tr.to.agentId] ?? t('an agent') })
                    : t('To {target}', { target: dept(tr.to.departmentId) })}
                  {tr.forced ? ` ${t('(forced)')}` : ''}
                  {tr.reason
                    ? ` ${t('automatically: {reason}', {
                        reason: reasonText(tr.reason, tr.from.agentId ? catalogs?.agentNames[tr.from.agentId] : null),
                      })}`
                    : ''}
                  {tr.comment ? t('{text}: “{comment}”', { text: '', comment: tr.comment }) : ''}
                </span>
                <time dateTime={tr.at}>{formatTime(tr.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  );
}

/**
 * The visitor: from the conversation at once, then with what `GET /api/v1/visitors/:id` adds (their
 * custom fields, the contact's other emails and phones, when they were last seen, where from).
 */
function VisitorSection(props: {
  conversation: ConversationView;
  visitor: VisitorDetailsState;
  catalogs: Catalogs | undefined;
}) {
  const { conversation: c, catalogs } = props;
  const d = props.visitor.details;
  const v = d?.visitor;
  const email = v ? v.email : c.visitor.email;
  const phone = v ? v.phone : c.visitor.phone;
  const otherEmails = d ? d.contact.emails.filter((e) => e !== email) : [];
  const otherPhones = d ? d.contact.phones.filter((p) => p !== phone) : [];
  // Visitor-scope custom fields in the catalog's order, then any the catalog does not know (yet).
  const known = catalogs?.visitorFields ?? [];
  const values = v?.customFields ?? {};
  const custom = [
    ...known.filter((f) => values[f.id]).map((f) => [f.id, f.label] as const),
    ...Object.keys(values)
      .filter((k) => values[k] && !known.some((f) => f.id === k))
      .map((k) => [k, k] as const),
  ];
  return (
    <section aria-labelledby="sp-visitor">
      <h3 id="sp-visitor">{t('Visitor')}</h3>
      <dl className="details details-compact">
        <Row label={t('Name')}>{v ? v.name : c.visitor.name}</Row>
        <Row label={t('Username')}>{v ? v.username : c.visitor.username}</Row>
        <Row label={t('Email')}>{email && <a href={`mailto:${email}`}>{email}</a>}</Row>
        <Row label={t('Phone')}>{phone}</Row>
        {custom.map(([id, label]) => (
          <Row key={id} label={label}>
            {values[id]}
          </Row>
        ))}
        {otherEmails.length > 0 && (
          <Row label={t('Other emails')}>
            <ul className="plain-list">
              {otherEmails.map((e) => (
                <li key={e}>
                  <a href={`mailto:${e}`}>{e}</a>
                </li>
              ))}
            </ul>
          </Row>
        )}
        {otherPhones.length > 0 && (
          <Row label={t('Other phones')}>
            <ul className="plain-list">
              {otherPhones.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Row>
        )}
        <Row label={t('Channel')}>
          <ChannelBadge id={v?.channel ?? c.channel} />
        </Row>
        {v && (
          <Row label={t('Verification')}>
            {v.verified ? (
              <Badge tone="success" title={t("Verified by the site's signed user id or an emailed code")}>
                {t('Verified')}
              </Badge>
            ) : (
              <Badge tone="neutral">{t('Unverified')}</Badge>
            )}
          </Row>
        )}
        {v?.blocked && (
          <Row label={t('Status')}>
            <Badge tone="danger">{t('Blocked')}</Badge>
          </Row>
        )}
        {v && <Row label={t('Last seen')}>{formatDateTime(v.lastSeenAt)}</Row>}
        {v?.referrer && (
          <Row label={t('Came from')}>
            <span className="cell-break">{v.referrer}</span>
          </Row>
        )}
        {v?.ip && <Row label={t('IP address')}>{v.ip}</Row>}
        {v?.userAgent && (
          <Row label={t('Browser')}>
            <span className="cell-break small">{v.userAgent}</span>
          </Row>
        )}
      </dl>
      {d && <ChatContactActions details={d} />}
      {props.visitor.error !== undefined && !d && (
        <p className="muted small">
          {t('More about this visitor could not be loaded: {error}', { error: errorMessage(props.visitor.error) })}
        </p>
      )}
    </section>
  );
}
