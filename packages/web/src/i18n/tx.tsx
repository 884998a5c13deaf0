import { Fragment, type ReactNode } from 'react';
import { translated } from '.';

/**
 * `t()` for a sentence with elements in it:
 * `tx('You are invited to Parley as {email}. Choose your password to sign in.', { email: <strong>{email}</strong> })`.
 * The translation moves the element where its language wants it. Only plain `{name}` placeholders.
 */
export function tx(source: string, parts: Record<string, ReactNode>): ReactNode {
  return translated(source)
    .split(/(\{\w+\})/)
    .map((piece, i) => {
      const name = /^\{(\w+)\}$/.exec(piece)?.[1];
      return <Fragment key={i}>{name !== undefined && name in parts ? parts[name] : piece}</Fragment>;
    });
}
