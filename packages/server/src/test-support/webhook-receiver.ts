import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/**
 * A real HTTP endpoint on loopback that records what it receives. `answer` decides each reply (status
 * and body); by default 200 with an empty body.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (r: Received) => { status: number; body?: string } = () => ({ status: 200 });
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const box: { self?: WebhookReceiver } = {};
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        const r = { headers: req.headers, raw, body };
        box.self!.received.push(r);
        const a = box.self!.answer(r);
        res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    box.self = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return box.self;
  }

  /** Bodies of one `type`, in arrival order. */
  ofType(type: string): any[] {
    return this.received.filter((r) => r.body?.type === type).map((r) => r.body);
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
