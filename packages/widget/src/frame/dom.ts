/**
 * A tiny element builder. Children that are strings become text nodes: user and server text is never
 * parsed as HTML anywhere in the widget.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (e: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

const directProps = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'required', 'multiple']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) {
      if (directProps.has(k)) (el as unknown as Record<string, unknown>)[k] = false;
      continue;
    }
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (directProps.has(k)) (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces the content of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let counter = 0;
export const uid = (prefix: string) => `${prefix}-${++counter}`;

/** A random id (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const urlRe = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Text with its http(s) links made clickable (as elements built from text, never markup). */
export function linkify(text: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(urlRe)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push(h('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer nofollow' }, m[0]));
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const second = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + second).toUpperCase();
}
