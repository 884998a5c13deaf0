import { useEffect, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { navigate } from '../lib/router';
import { useOmni } from './OmniProvider';
import { dispatchShortcut, neighbour, shortcutFor, shortcuts, takesText } from './shortcuts';
import { t } from '../i18n';

const CONVERSATION = /^\/workspace\/([^/]+)$/;

/**
 * The app's keyboard shortcuts on every page (`?` lists them). Moving between conversations works in the
 * workspace; the conversation's own actions (composer, canned picker, transfer, close) go to the
 * conversation on screen, which does them only when its buttons would.
 */
export function Shortcuts() {
  const omni = useOmni();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = shortcutFor(e, {
        typing: takesText(document.activeElement),
        inDialog: document.querySelector('dialog[open]') !== null,
      });
      if (!action) return;
      const path = location.pathname;
      const current = CONVERSATION.exec(path)?.[1];
      if (action === 'help') {
        e.preventDefault();
        setHelp(true);
      } else if (action === 'next' || action === 'previous') {
        if (!omni || !(path === '/workspace' || current)) return;
        const s = omni.workspace.state.get();
        const ids = [
          ...s.queue,
          ...s.mine.filter((c) => c.status === 'open'),
          ...s.mine.filter((c) => c.status === 'on-hold'),
        ].map((c) => c.id);
        const to = neighbour(ids, current, action === 'next' ? 1 : -1);
        if (!to) return;
        e.preventDefault();
        navigate(`/workspace/${to}`);
      } else if (current) {
        e.preventDefault();
        dispatchShortcut(action);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [omni]);
  if (!help) return null;
  return (
    <Dialog title={t('Keyboard shortcuts')} onClose={() => setHelp(false)}>
      <p className="muted">
        {t(
          'Single keys work when you are not typing in a field; the Alt combinations work in the composer too. Esc leaves the composer.',
        )}
      </p>
      <table className="table shortcuts-table">
        <caption className="visually-hidden">{t('Keyboard shortcuts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Keys')}</th>
            <th scope="col">{t('Does')}</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.action}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ` ${t('or')} `}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{t(s.description)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
