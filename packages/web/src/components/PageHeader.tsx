import { useEffect, useRef, type ReactNode } from 'react';
import { hasNavigated } from '../lib/router';

/**
 * The page's h1. After an in-app navigation it takes the focus, so keyboard and screen-reader users start
 * at the new content (on a fresh load the browser's own start, the skip link, is kept). It also sets the
 * document title.
 */
export function PageHeader(props: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Parley`;
  }, [props.title]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header className="page-header">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {props.title}
        </h1>
        {props.description && <p className="page-description">{props.description}</p>}
      </div>
      {props.actions && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}
