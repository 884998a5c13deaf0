import type { SettingView, WebhookEndpointView } from '@parley/shared';
import { Fragment, useState } from 'react';
import { errorMessage } from '../../api/client';
import { webhooksApi } from '../../api/webhooks';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ListTable } from '../../components/list';
import { Link } from '../../lib/router';
import { EndpointForm } from './EndpointForm';
import { eventLabels, events } from './model';
import { SendTest, TestOutcome, useSendTest } from './SendTest';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/** The CRM endpoint the crm.* settings describe: shown here, changed in the settings. */
function CrmEndpoint({ settings }: { settings: SettingView[] | undefined }) {
  const value = (key: string) => settings?.find((s) => s.key === key);
  const url = value('crm.webhookUrl')?.value as string | undefined;
  const hasSecret = !!value('crm.secretToken')?.isSet;
  const on = events.filter((e) => value(`crm.on.${e}`)?.value === true);
  return (
    <section className="card webhook-crm" aria-labelledby="webhook-crm-heading">
      <h2 id="webhook-crm-heading">{t('CRM endpoint')}</h2>
      <p className="section-intro">
        {tx(
          'The endpoint of the {settings}: the bodies a Rocket.Chat Livechat receiver understands, for the events switched on there.',
          { settings: <Link to="/admin/settings#group-crm-integration">{t('CRM Integration settings')}</Link> },
        )}
      </p>
      {settings && (
        <dl className="details webhook-facts">
          <dt>{t('URL')}</dt>
          <dd className="cell-break">{url ? <code>{url}</code> : <span className="muted">{t('Not set')}</span>}</dd>
          <dt>{t('Secret token')}</dt>
          <dd>{hasSecret ? t('Set') : t('None')}</dd>
          <dt>{t('Events')}</dt>
          <dd>
            {on.length ? (
              on.map((e) => t(eventLabels[e])).join(', ')
            ) : (
              <span className="muted">{t('None switched on')}</span>
            )}
          </dd>
        </dl>
      )}
      <SendTest
        target={t('The CRM endpoint')}
        disabled={!url}
        note={url ? undefined : t('Set the Webhook URL in the CRM Integration settings first.')}
      />
    </section>
  );
}

function EndpointRow(props: {
  e: WebhookEndpointView;
  confirming: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onAskDelete: () => void;
  onDelete: () => void;
  onKeep: () => void;
}) {
  const { e } = props;
  const test = useSendTest(e.id);
  return (
    <Fragment>
      <tr>
        <td className="cell-title cell-break">{e.name}</td>
        <td className="cell-break">
          <code>{e.url}</code>
        </td>
        <td>{e.events.map((x) => (eventLabels[x] ? t(eventLabels[x]) : x)).join(', ')}</td>
        <td>{e.enabled ? <Badge tone="success">{t('Enabled')}</Badge> : <Badge>{t('Disabled')}</Badge>}</td>
        <td>{e.hasSecret ? t('Set') : t('None')}</td>
        <td className="cell-actions">
          {props.confirming ? (
            <span className="confirm">
              <button type="button" className="btn btn-danger btn-small" onClick={props.onDelete}>
                {t('Delete {name}', { name: e.name })}
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={props.onKeep}>
                {t('Keep')}
              </button>
            </span>
          ) : (
            <span className="confirm">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => void test.run()}
                disabled={!e.enabled || test.state.kind === 'sending'}
                title={e.enabled ? undefined : t('Enable it to send a test')}
              >
                {t('Send test')}
                <span className="visually-hidden"> {t('to {name}', { name: e.name })}</span>
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={props.onEdit}>
                {t('Edit')}
                <span className="visually-hidden"> {e.name}</span>
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={props.onToggle}>
                {e.enabled ? t('Disable') : t('Enable')}
                <span className="visually-hidden"> {e.name}</span>
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={props.onAskDelete}>
                {t('Delete')}
                <span className="visually-hidden"> {e.name}</span>
              </button>
            </span>
          )}
        </td>
      </tr>
      {test.state.kind !== 'idle' && (
        <tr className="test-row">
          <td colSpan={6}>
            <TestOutcome state={test.state} target={e.name} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** The CRM endpoint, then the further endpoints: add, edit, enable or disable, delete, send a test. */
export function EndpointsSection(props: {
  settings: SettingView[] | undefined;
  endpoints: WebhookEndpointView[] | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
}) {
  const [editing, setEditing] = useState<WebhookEndpointView | 'new'>();
  const [confirm, setConfirm] = useState<string>();
  const [actionError, setActionError] = useState<{ title: string; error: unknown }>();
  const act = async (title: string, fn: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await fn();
      setConfirm(undefined);
      props.reload();
    } catch (error) {
      setActionError({ title, error });
    }
  };

  return (
    <>
      <CrmEndpoint settings={props.settings} />
      <section className="webhook-endpoints" aria-labelledby="webhook-endpoints-heading">
        <div className="section-head">
          <h2 id="webhook-endpoints-heading">{t('Further endpoints')}</h2>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('Add endpoint')}
          </button>
        </div>
        <p className="section-intro">
          {t('Other systems that get the same bodies, each with its own URL, secret and events.')}
        </p>
        {editing && (
          <EndpointForm
            key={editing === 'new' ? 'new' : editing.id}
            editing={editing}
            onCancel={() => setEditing(undefined)}
            onDone={() => {
              setEditing(undefined);
              props.reload();
            }}
          />
        )}
        {actionError && (
          <Alert tone="error" title={actionError.title}>
            {errorMessage(actionError.error)}
          </Alert>
        )}
        <ListTable
          items={props.endpoints}
          loading={props.loading}
          error={props.error}
          errorTitle={t('The endpoints could not be loaded.')}
          caption={t('Further webhook endpoints')}
          columns={[t('Name'), t('URL'), t('Events'), t('State'), t('Secret')]}
          actions
          empty={t('No further endpoints.')}
          row={(e) => (
            <EndpointRow
              key={e.id}
              e={e}
              confirming={confirm === e.id}
              onEdit={() => setEditing(e)}
              onToggle={() =>
                void act(t('Nothing was changed.'), () => webhooksApi.updateEndpoint(e.id, { enabled: !e.enabled }))
              }
              onAskDelete={() => setConfirm(e.id)}
              onDelete={() => void act(t('Nothing was deleted.'), () => webhooksApi.deleteEndpoint(e.id))}
              onKeep={() => setConfirm(undefined)}
            />
          )}
        />
      </section>
    </>
  );
}
