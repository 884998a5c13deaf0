import type { ChannelSummary, ChannelType } from '@parley/shared';
import { useEffect, useState } from 'react';
import { channelsApi } from '../api/channels';
import { t } from '../i18n';
import './channel-badge.css';

/**
 * A conversation's channel as staff see it (issue 22): the type's icon and the channel's name. The list of
 * channels is small: loaded once per page load, again after an admin changes channels.
 */
let cache: Promise<ChannelSummary[]> | undefined;
/** The list once it arrived, for names needed outside React's render (labels of menus). */
let known: ChannelSummary[] | undefined;

export function loadChannels(): Promise<ChannelSummary[]> {
  cache ??= channelsApi.list().then(
    (r) => (known = r.items.map((c) => ({ id: c.id, type: c.type, name: c.name }))),
    (err: unknown) => {
      cache = undefined;
      throw err;
    },
  );
  return cache;
}

/** After creating, renaming or removing a channel. */
export function invalidateChannels(): void {
  cache = undefined;
}

export function useChannels(): ChannelSummary[] | undefined {
  const [list, setList] = useState<ChannelSummary[]>();
  useEffect(() => {
    let live = true;
    loadChannels().then(
      (x) => live && setList(x),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** The name staff read for a channel id (the widget's is "Website" until the list arrives). */
export function channelLabel(channels: ChannelSummary[] | undefined, id: string): string {
  const found = channels?.find((c) => c.id === id);
  if (found) return found.name;
  return id === 'widget' ? t('Website') : t('Channel');
}

/** The channel's name from the list as loaded so far (see ChannelBadge for the rendered form). */
export function knownChannelName(id: string): string {
  return channelLabel(known, id);
}

const paths: Record<ChannelType, string> = {
  // a browser window
  widget: 'M3 5h18v14H3zM3 9h18M6 7h.01M9 7h.01',
  // an envelope
  email: 'M3 6h18v12H3zM3 6l9 7 9-7',
  // a plug / code brackets
  api: 'M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16',
};

export function ChannelIcon({ type }: { type: ChannelType }) {
  return (
    <svg
      className="icon channel-icon"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[type]} />
    </svg>
  );
}

/** Icon and name of a conversation's channel; `data-channel` carries the id (tests, styles). */
export function ChannelBadge({ id, className }: { id: string; className?: string }) {
  const channels = useChannels();
  const type = channels?.find((c) => c.id === id)?.type ?? (id === 'widget' ? 'widget' : 'api');
  return (
    <span className={`channel-badge${className ? ` ${className}` : ''}`} data-channel={id}>
      <ChannelIcon type={type} />
      <span className="channel-name">{channelLabel(channels, id)}</span>
    </span>
  );
}

/** A channel filter for lists (All channels, then each channel by name). */
export function ChannelFilter(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  /** When no visible <label> names it. */
  ariaLabel?: string;
}) {
  const channels = useChannels();
  return (
    <select
      id={props.id}
      className="input select"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-label={props.ariaLabel}
    >
      <option value="">{t('All channels')}</option>
      {(channels ?? []).map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

/** The workspace's channel filter: shown only when there is more than one channel to tell apart. */
export function InboxChannelFilter(props: { value: string; onChange(value: string): void }) {
  const channels = useChannels();
  if (!channels || channels.length < 2) return null;
  return (
    <div className="inbox-filter">
      <ChannelFilter id="inbox-channel" value={props.value} onChange={props.onChange} ariaLabel={t('Channel')} />
    </div>
  );
}
