import { embedded, toHost } from './bridge';
import { h, type Child } from './dom';
import { t } from './i18n';

/** Readable text on a background color: white, or near-black on light colors. */
export function textOn(color: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return '#fff';
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 ? '#111' : '#fff';
}

export function header(title: string, color: string, ...extra: Child[]): HTMLElement {
  const el = h(
    'header',
    { class: 'hd' },
    h('div', { class: 'hd-main' }, h('h1', { class: 'ttl' }, title), extra),
    embedded
      ? h(
          'button',
          {
            type: 'button',
            class: 'icon min',
            'aria-label': t('minimize'),
            title: t('minimize'),
            onclick: () => toHost({ t: 'close' }),
          },
          icon('M5 12h14'),
        )
      : null,
  );
  el.style.background = color;
  el.style.color = textOn(color);
  return el;
}

const svgNs = 'http://www.w3.org/2000/svg';

/** A stroked 24×24 icon from one path. */
export function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

export const icons = {
  send: 'M4 12l16-8-6 16-2-7z',
  attach: 'M16 6l-8.5 8.5a2.5 2.5 0 0 0 3.5 3.5L19.5 9.5a4.5 4.5 0 0 0-6.4-6.4L4.6 11.6a6.5 6.5 0 0 0 9.2 9.2L20 14.6',
  file: 'M6 2h9l5 5v15H6zM14 2v6h6',
};

/** A screen of the app. */
export interface Screen {
  el: HTMLElement;
  /** Where focus goes when the widget opens. */
  focus(): void;
  /** True while the visitor has not typed anything (the app may replace the screen). */
  pristine?(): boolean;
  /** The host page gave visitor data: fill empty fields. */
  prefill?(): void;
  destroy?(): void;
}
