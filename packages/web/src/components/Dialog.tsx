import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../i18n';

/**
 * A modal dialog on the native <dialog> element: the browser traps the focus, Escape closes it, and the
 * focus returns to the button that opened it.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** id of the element describing the dialog. */
  describedBy?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose.current();
    };
    d.addEventListener('cancel', cancel);
    return () => {
      d.removeEventListener('cancel', cancel);
      if (d.open) d.close();
      opener?.focus?.();
    };
  }, []);
  const titleId = `dialog-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label={t('Close')} onClick={() => onClose.current()}>
          ×
        </button>
      </div>
      <div className="dialog-body">{props.children}</div>
    </dialog>
  );
}
