import type { WebhookTestResult } from '@parley/shared';
import { useCallback, useState } from 'react';
import { errorMessage } from '../../api/client';
import { webhooksApi } from '../../api/webhooks';
import { Alert } from '../../components/Alert';
import { Link } from '../../lib/router';
import './webhooks.css';
import { t } from '../../i18n';

export type TestState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'answered'; result: WebhookTestResult }
  | { kind: 'refused'; error: unknown };

/** "Send test": posts a sample session to the endpoint (the CRM one when none is named) and keeps the answer. */
export function useSendTest(endpointId?: string) {
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const run = useCallback(async () => {
    setState({ kind: 'sending' });
    try {
      setState({ kind: 'answered', result: await webhooksApi.test(endpointId) });
    } catch (error) {
      setState({ kind: 'refused', error });
    }
  }, [endpointId]);
  return { state, run, clear: () => setState({ kind: 'idle' }) };
}

/** What the endpoint answered to a test: status and time, and the answer's first KB or the error, as text. */
export function TestOutcome({ state, target }: { state: TestState; target: string }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'sending')
    return (
      <p className="test-outcome muted" role="status">
        {t('Sending a test to {target}…', { target })}
      </p>
    );
  if (state.kind === 'refused')
    return (
      <Alert tone="error" title={t('No test was sent.')}>
        {errorMessage(state.error)}
      </Alert>
    );
  const r = state.result;
  // Status and milliseconds as the server gave them (no digit grouping), like the log's tables.
  const status = String(r.status);
  const ms = String(r.durationMs);
  const title =
    r.status !== null
      ? r.ok
        ? t('{target} answered {status} in {ms} ms.', { target, status, ms })
        : t('{target} answered {status} in {ms} ms: not a 2xx answer.', { target, status, ms })
      : t('The test to {target} failed after {ms} ms.', { target, ms });
  return (
    <div className="test-outcome" aria-label={t('Test result for {target}', { target })} role="group">
      <Alert tone={r.ok ? 'success' : 'error'} title={title}>
        {r.error && r.status === null && <p className="test-error">{r.error}</p>}
        {r.status !== null && (
          <>
            <p className="test-label">{r.response ? t('Its answer (the first KB):') : t('Its answer was empty.')}</p>
            {r.response && <pre className="code-block test-response">{r.response}</pre>}
          </>
        )}
        <p>
          <Link to={`/admin/webhooks?delivery=${encodeURIComponent(r.deliveryId)}`}>
            {t('See it in the delivery log')}
          </Link>
        </p>
      </Alert>
    </div>
  );
}

/** The button and its answer, for one endpoint; `note`: what it will do, or why it cannot be sent now. */
export function SendTest(props: { endpointId?: string; target: string; disabled?: boolean; note?: string }) {
  const { state, run } = useSendTest(props.endpointId);
  const reasonId = `send-test-${props.endpointId ?? 'crm'}-note`;
  const reason = props.note;
  return (
    <div className="send-test">
      <div className="send-test-bar">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => void run()}
          disabled={!!props.disabled || state.kind === 'sending'}
          aria-describedby={reason ? reasonId : undefined}
        >
          {state.kind === 'sending' ? t('Sending…') : t('Send test')}
        </button>
        {reason && (
          <p className="field-hint" id={reasonId}>
            {reason}
          </p>
        )}
      </div>
      <TestOutcome state={state} target={props.target} />
    </div>
  );
}
