import type { ServerFrame } from '@parley/shared';
import type { WebSocket } from 'ws';
import type { StaffActor, VisitorActor } from '../../kernel/http.js';

/** A frame serialised once, however many clients receive it. */
export interface Outgoing {
  frame: ServerFrame;
  json: string;
}

export const outgoing = (frame: ServerFrame): Outgoing => ({ frame, json: JSON.stringify(frame) });

/** A client is dropped when it cannot keep up (its socket buffer grows past this). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/** One realtime client. Kept small: thousands of idle widget connections live in one process. */
export class Connection {
  actor: StaffActor | VisitorActor | undefined;
  alive = true;
  /**
   * Conversations this client follows, each with the highest `updatedSeq` its subscription replayed
   * (-1: nothing). A live message event at or below it is one the client already has: with Redis, an
   * event committed before the replay's read can arrive after the replay ended.
   */
  readonly conversations = new Map<string, number>();
  /** Live events that arrived while the conversation's history was being replayed. */
  replaying: Map<string, Outgoing[]> | undefined;
  authTimer: NodeJS.Timeout | undefined;
  myConversations = false;
  queue = false;
  presence = false;
  /** Live monitoring (admins, managers, monitors). */
  monitoring = false;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
  ) {}

  send(frame: ServerFrame): void {
    this.sendJson(JSON.stringify(frame));
  }

  sendJson(json: string): void {
    if (this.socket.readyState !== 1) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED) {
      this.socket.terminate();
      return;
    }
    this.socket.send(json);
  }

  /** Sends now, or holds the frame until the replay of that conversation is done; never a message twice. */
  deliver(conversationId: string, o: Outgoing): void {
    const held = this.replaying?.get(conversationId);
    if (held) return void held.push(o);
    if (alreadyReplayed(o.frame, this.conversations.get(conversationId))) return;
    this.sendJson(o.json);
  }

  get staff(): StaffActor | undefined {
    return this.actor?.kind === 'staff' ? this.actor : undefined;
  }

  get visitor(): VisitorActor | undefined {
    return this.actor?.kind === 'visitor' ? this.actor : undefined;
  }
}

/** Was this message frame's version part of the replay that ended at `replayedTo`? */
export function alreadyReplayed(f: ServerFrame, replayedTo: number | undefined): boolean {
  return (
    replayedTo !== undefined &&
    (f.type === 'message.created' || f.type === 'message.updated') &&
    f.message.updatedSeq <= replayedTo
  );
}
