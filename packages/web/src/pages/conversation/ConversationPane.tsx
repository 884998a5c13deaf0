import type { ConversationView } from '@parley/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useCatalogs } from '../../api/catalogs';
import { conversationsApi } from '../../api/omnichannel';
import { verificationApi } from '../../api/verification';
import { callsApi } from '../../api/calls';
import { hasNavigated, Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { setFlash } from '../../components/flash';
import { Loading } from '../../components/Loading';
import { useStore } from '../../lib/store';
import { useOmni, useWorkspaceSettings } from '../../workspace/OmniProvider';
import { onShortcut } from '../../workspace/shortcuts';
import { isAgent, visitorLabel } from '../../workspace/workspace';
import { CloseDialog } from './CloseDialog';
import { Composer } from './Composer';
import { ConversationModel } from './conversationModel';
import { SidePanel } from './SidePanel';
import { statusLabel, statusTone } from './status';
import { TimerNotices, useConversationTimers } from './TimerNotices';
import { Timeline } from './Timeline';
import { TranscriptDialog } from './TranscriptDialog';
import { TransferDialog } from './TransferDialog';
import { useVisitorDetails } from './useVisitorDetails';
import { t } from '../../i18n';
import { ChannelBadge } from '../../components/ChannelBadge';

const actionErrors: Partial<Record<string, string>> = {
  'conversation.already-taken': 'Another agent already took this conversation.',
  'conversation.on-hold-not-allowed': 'Placing conversations on hold is turned off by your administrator.',
  'conversation.on-hold-needs-agent-message': 'You can place a conversation on hold only after answering the visitor.',
};

/**
 * One conversation: header with its actions, the history, the composer (for the serving agent), and the
 * details panel. Used by the workspace and by the history page (`back` says where "Back" goes).
 */
export function ConversationPane({ id, back }: { id: string; back: { to: string; label: string } }) {
  const omni = useOmni();
  const { user } = useSession();
  const realtime = omni?.realtime;
  const workspace = omni?.workspace;
  const model = useMemo(() => new ConversationModel(id, realtime), [id, realtime]);
  const state = useStore(model.state);
  const catalogs = useCatalogs();
  const settings = useWorkspaceSettings();
  const [dialog, setDialog] = useState<'transfer' | 'close' | 'transcript'>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [details, setDetails] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void model.start();
    return () => model.stop();
  }, [model]);

  useEffect(() => {
    setNotice(undefined);
    setDialog(undefined);
    workspace?.setViewing(id);
    return () => workspace?.setViewing(undefined);
  }, [workspace, id]);

  // Keyboard shortcuts (workspace/Shortcuts.tsx): transfer and close open their dialogs when the buttons
  // would be there and enabled.
  const allowed = useRef({ transfer: false, close: false });
  useEffect(
    () =>
      onShortcut((action) => {
        if ((action === 'transfer' || action === 'close') && allowed.current[action]) setDialog(action);
      }),
    [],
  );

  // The details panel opened over the conversation (narrow windows): the keyboard goes into it.
  useEffect(() => {
    if (details) document.querySelector<HTMLElement>('.details-close')?.focus();
  }, [details]);

  const c = state.conversation;
  const lastSeq = state.messages[state.messages.length - 1]?.seq ?? 0;
  const visitor = useVisitorDetails(c, state.messages);
  const timers = useConversationTimers(c, state.messages, realtime);

  // What is on screen counts as read while the page is visible.
  useEffect(() => {
    if (!workspace || !lastSeq) return;
    const mark = () => {
      if (document.visibilityState === 'visible') workspace.markRead(id, lastSeq);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [workspace, id, lastSeq]);

  const name = c ? visitorLabel(c) : undefined;
  useEffect(() => {
    if (!name) return;
    document.title = `${name} · Parley`;
    if (hasNavigated()) heading.current?.focus({ preventScroll: true });
  }, [name, id]);

  if (state.error !== undefined) {
    return (
      <div className="conversation conversation-empty">
        <Alert tone="error" title={t('This conversation could not be opened.')}>
          {errorMessage(state.error)}
        </Alert>
        <Link to={back.to}>{back.label}</Link>
      </div>
    );
  }
  if (!c) return <Loading label={t('Opening the conversation…')} />;

  const mine = c.agent?.id === user.id;
  const supervisor = user.roles.includes('admin') || user.roles.includes('manager');
  const canAct = (mine || supervisor) && c.status !== 'closed';
  const canTake = c.status === 'queued' && isAgent(user);
  const canWrite = mine && c.status === 'open';
  // Internal notes: whoever reads the conversation and writes in chats (not monitors), in any state.
  const canNote = user.roles.some((r) => r === 'agent' || r === 'admin' || r === 'manager');
  const canEdit = user.roles.some((r) => r === 'agent' || r === 'admin' || r === 'manager');
  // The server refuses a manual hold while `sessions.onHold.allowManual` is off: no button then.
  const canHold = canAct && c.status === 'open' && settings?.['sessions.onHold.allowManual'] === true;
  // The serving agent, an admin or a manager, at any status (after closing it is emailed at once).
  const canSendTranscript = mine || supervisor;
  // Calls (issue 17): the serving agent, an admin or a manager, when a call provider is set.
  const canCall = canAct && c.status !== 'queued' && settings?.['calls.provider'] === 'jitsi';

  const buttonsOn = canAct && !busy && !!catalogs && dialog === undefined;
  allowed.current = { transfer: buttonsOn, close: buttonsOn };

  const applied = (v: ConversationView) => {
    model.applyConversation(v);
    workspace?.apply(v);
  };
  const run = async (action: () => Promise<ConversationView>, done: string) => {
    setBusy(true);
    setNotice(undefined);
    try {
      applied(await action());
      setNotice({ tone: 'success', text: done });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setNotice({ tone: 'error', text: actionErrors[code] ? t(actionErrors[code]) : errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const why = !mine
    ? c.status === 'queued'
      ? canTake
        ? t('Take this conversation to answer it.')
        : t('Waiting for an agent.')
      : c.status === 'closed'
        ? t('This conversation is closed.')
        : c.agent?.name
          ? t('{name} is serving this conversation.', { name: c.agent.name })
          : t('Another agent is serving this conversation.')
    : c.status === 'on-hold'
      ? t('The conversation is on hold. Resume it to reply.')
      : c.status === 'closed'
        ? t('This conversation is closed.')
        : undefined;

  return (
    <div className={`conversation${details ? ' show-details' : ''}`}>
      <div className="conversation-main">
        <header className="conversation-header">
          <Link to={back.to} className="back-link">
            ← {back.label}
          </Link>
          <div className="conversation-title">
            <h1 ref={heading} tabIndex={-1}>
              {name}
            </h1>
            <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
            <ChannelBadge id={c.channel} />
            {visitor.details?.visitor.verified && (
              <Badge tone="success" title={t('The visitor passed identity verification')}>
                {t('Verified')}
              </Badge>
            )}
            {c.topic && <span className="conversation-topic">{c.topic}</span>}
          </div>
          <div className="conversation-actions" role="toolbar" aria-label={t('Conversation actions')}>
            {canTake && (
              <button
                type="button"
                className="btn btn-primary btn-small"
                disabled={busy}
                onClick={() =>
                  void run(
                    () => (workspace ? workspace.take(c.id) : conversationsApi.take(c.id)),
                    t('You took this conversation.'),
                  )
                }
              >
                {t('Take')}
              </button>
            )}
            {canAct && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={busy || !catalogs}
                onClick={() => setDialog('transfer')}
              >
                {t('Transfer')}
              </button>
            )}
            {canHold && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={busy}
                onClick={() => void run(() => conversationsApi.hold(c.id), t('The conversation is on hold.'))}
              >
                {t('Place on hold')}
              </button>
            )}
            {canAct && c.status === 'on-hold' && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={busy}
                onClick={() => void run(() => conversationsApi.resume(c.id), t('The conversation was resumed.'))}
              >
                {t('Resume')}
              </button>
            )}
            {canAct && c.status !== 'closed' && visitor.details?.visitor.verified === false && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await verificationApi.request(c.id);
                    return c;
                  }, t('The visitor was asked to verify their email.'))
                }
              >
                {t('Ask to verify')}
              </button>
            )}
            {canCall &&
              (['video', 'audio'] as const).map((kind) => (
                <button
                  key={kind}
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      async () => {
                        await callsApi.start(c.id, kind);
                        return c;
                      },
                      kind === 'video'
                        ? t('The video call was started: open it from its card.')
                        : t('The audio call was started: open it from its card.'),
                    )
                  }
                >
                  {kind === 'video' ? t('Video call') : t('Audio call')}
                </button>
              ))}
            {canSendTranscript && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={busy}
                onClick={() => setDialog('transcript')}
              >
                {t('Send transcript')}
              </button>
            )}
            {canAct && (
              <button
                type="button"
                className="btn btn-danger btn-small"
                disabled={busy || !catalogs}
                onClick={() => setDialog('close')}
              >
                {t('Close')}
              </button>
            )}
            <button
              type="button"
              className="btn btn-secondary btn-small details-toggle"
              aria-expanded={details}
              aria-controls="conversation-details"
              onClick={() => setDetails(!details)}
            >
              {t('Details')}
            </button>
          </div>
        </header>
        <TimerNotices timers={timers} />
        {notice && (
          <div className="conversation-notice">
            <Alert tone={notice.tone}>{notice.text}</Alert>
          </div>
        )}
        <Timeline
          model={model}
          state={state}
          me={user.id}
          canWrite={canWrite}
          canEditNotes={canNote && c.status !== 'closed'}
        />
        {!canWrite && <p className="composer-closed">{why}</p>}
        {(canWrite || canNote) && (
          <Composer
            conversationId={c.id}
            realtime={realtime}
            uploads={settings?.['general.fileUploads'] ?? false}
            canned={settings?.['cannedResponses.enabled'] ?? false}
            reply={canWrite}
            note={canNote}
            onSend={(text, file, note) => model.send(text, file, note)}
          />
        )}
      </div>
      <div
        id="conversation-details"
        className="conversation-details"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && details) {
            setDetails(false);
            document.querySelector<HTMLElement>('.details-toggle')?.focus();
          }
        }}
      >
        <button
          type="button"
          className="btn btn-secondary btn-small details-close"
          onClick={() => {
            setDetails(false);
            document.querySelector<HTMLElement>('.details-toggle')?.focus();
          }}
        >
          {t('Hide details')}
        </button>
        <SidePanel
          conversation={c}
          visitor={visitor}
          messages={state.messages}
          catalogs={catalogs}
          canEdit={canEdit}
          onChanged={(v) => {
            applied(v);
            setNotice({ tone: 'success', text: t('The room information was saved.') });
          }}
        />
      </div>
      {dialog === 'transfer' && catalogs && (
        <TransferDialog
          conversation={c}
          catalogs={catalogs}
          realtime={realtime}
          canForce={user.roles.includes('admin')}
          onClose={() => setDialog(undefined)}
          onDone={(v, target) => {
            setDialog(undefined);
            applied(v);
            if (back.to === '/workspace' && v.agent?.id !== user.id) {
              setFlash(
                t('{visitor}: the conversation was transferred to {target}.', { visitor: visitorLabel(v), target }),
              );
              navigate('/workspace');
            } else setNotice({ tone: 'success', text: t('The conversation was transferred to {target}.', { target }) });
          }}
        />
      )}
      {dialog === 'close' && catalogs && (
        <CloseDialog
          conversation={c}
          catalogs={catalogs}
          requireComment={settings?.['general.requireCloseComment'] === true}
          onClose={() => setDialog(undefined)}
          onDone={(v) => {
            setDialog(undefined);
            applied(v);
            setNotice({ tone: 'success', text: t('The conversation was closed.') });
          }}
        />
      )}
      {dialog === 'transcript' && (
        <TranscriptDialog
          conversation={c}
          email={c.visitor.email ?? visitor.details?.contact.emails[0] ?? ''}
          onClose={() => setDialog(undefined)}
          onDone={(email) => {
            setDialog(undefined);
            setNotice({
              tone: 'success',
              text:
                c.status === 'closed'
                  ? t('The transcript is being emailed to {email}.', { email })
                  : t('The transcript will be emailed to {email} when the conversation is closed.', { email }),
            });
          }}
        />
      )}
    </div>
  );
}
