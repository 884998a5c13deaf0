import type { ClientFrame, ServerFrame } from '@parley/shared';
import WebSocket from 'ws';

/** A realtime client for tests: records every frame and waits for the ones asked for. */
export class WsClient {
  readonly frames: ServerFrame[] = [];
  private closeCode: number | undefined;
  private waiters: Array<{
    test: (f: ServerFrame) => boolean;
    resolve: (f: ServerFrame) => void;
    reject: (e: Error) => void;
    from: number;
  }> = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as ServerFrame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(f)) return true;
        w.resolve(f);
        return false;
      });
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.waiters) w.reject(new Error('socket closed while waiting'));
      this.waiters = [];
    });
  }

  static async connect(
    baseUrl: string,
    opts: { cookie?: string; visitorToken?: string; accessToken?: string; headers?: Record<string, string> } = {},
  ): Promise<WsClient> {
    const client = await WsClient.open(baseUrl, { ...opts.headers, ...(opts.cookie ? { cookie: opts.cookie } : {}) });
    if (opts.visitorToken || opts.accessToken) {
      client.send({
        type: 'auth',
        ...(opts.visitorToken ? { visitorToken: opts.visitorToken } : {}),
        ...(opts.accessToken ? { accessToken: opts.accessToken } : {}),
      });
    }
    await client.next((f) => f.type === 'ready');
    return client;
  }

  /** An open socket, not signed in yet (upgrade headers such as Origin or Cookie as given). */
  static async open(baseUrl: string, headers: Record<string, string> = {}): Promise<WsClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers });
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Resolves with the close code once the server (or anyone) closes the socket. */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 1005);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame (already received or coming) matching `test`, counting from `from`. */
  next<T extends ServerFrame = ServerFrame>(
    test: (f: ServerFrame) => boolean,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<T> {
    const seen = this.frames.slice(from).find(test);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)),
        timeoutMs,
      );
      this.waiters.push({
        test,
        from,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f as T);
        },
        reject,
      });
    });
  }

  messages(conversationId: string) {
    return this.frames.filter(
      (f): f is Extract<ServerFrame, { message: unknown; conversationId: string }> =>
        f.type === 'message.created' && f.conversationId === conversationId,
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
