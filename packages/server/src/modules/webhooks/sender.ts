import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { BusTransport } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import type { Logger } from '../../kernel/logger.js';
import type { OutboundHttp } from '../../kernel/outbound-http.js';
import type { SettingsService } from '../settings/index.js';
import type { WebhookTargets } from './targets.js';
import './webhooks.tables.js';

/** The guide: "retry ten times, waiting ten seconds". */
export const MAX_ATTEMPTS = 10;
export const RETRY_DELAY_MS = 10_000;
/** Ordered lines (a conversation's deliveries to one endpoint) being sent at once, per process. */
const MAX_IN_FLIGHT = 64;
/** Deliveries of one line claimed together and sent one after another, in order. */
const LINE_BATCH = 20;
/** Claims are taken one at a time in the cluster (PostgreSQL), so a line is always claimed whole. */
const CLAIM_LOCK = 0x7765_6268; // 'webh'
/** Kept of each answer: the first KB in the log; CRM answers up to 64 KB as `crmData`. */
const LOG_BYTES = 1024;
const CRM_DATA_BYTES = 64 * 1024;

export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  order_key?: string;
  event: string;
  conversation_id: string | null;
  source: Record<string, unknown>;
  body: string | null;
  attempts: number;
}

export interface AttemptResult {
  delivery: ClaimedDelivery;
  /** The rest of its line, claimed with it but not attempted (it failed): given back. */
  released?: ClaimedDelivery[];
  url: string;
  at: Date;
  ok: boolean;
  /** No retry will help (the endpoint is gone): fail now. */
  final: boolean;
  status: number | null;
  durationMs: number;
  response: string | null;
  error: string | null;
  crmData: string | null;
}

/** Builds the body of a delivery the first time it is sent. */
export type BodyBuilder = (d: ClaimedDelivery, memo: Map<string, Promise<unknown>>) => Promise<string>;

/**
 * Sends deliveries: claims the head of each ordered line (a conversation's next delivery per endpoint)
 * under a lease, fixes its body, posts it, and records the attempt. A 2xx answer delivers it; anything
 * else (another status, a network error, the timeout `crm.httpTimeoutMs`, a refused address) retries 10 s
 * later, up to 10 attempts, then it fails and the line moves on. Several processes share the work: the
 * claim skips rows another holds, and a dead process's lease runs out. At least once: a receiver de-
 * duplicates on X-Parley-Delivery.
 */
export class WebhookSender {
  private running = false;
  private loopPromise: Promise<void> | undefined;
  private wakeRequested = false;
  private sleeper: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private results: AttemptResult[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly d: {
      db: Db;
      clock: Clock;
      log: Logger;
      settings: SettingsService;
      targets: WebhookTargets;
      outbound: OutboundHttp;
      transport: BusTransport;
      buildBody: BodyBuilder;
    },
  ) {
    d.transport.onSignal('webhooks', () => this.wake());
  }

  /** New deliveries committed here: wake this process's sender and the others'. */
  announce(): void {
    this.wake();
    this.d.transport.signal('webhooks');
  }

  wake(): void {
    this.wakeRequested = true;
    this.sleeper?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.();
    await this.loopPromise;
    await Promise.allSettled([...this.inFlight]);
    await this.flush();
  }

  /** Sends everything due now and waits for the answers (tests; the loop does it in the background). */
  async runDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.claimAndSend(MAX_IN_FLIGHT);
      await Promise.allSettled([...this.inFlight]);
      await this.flush();
      if (n === 0) return sent;
      sent += n;
    }
  }

  /** One attempt now, outside the queue, recorded like any other and never retried ("Send test"). */
  async sendNow(d: ClaimedDelivery): Promise<AttemptResult> {
    const r = await this.attempt(d);
    await this.write([{ ...r, final: true, crmData: null }]);
    return r;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      let claimed = 0;
      try {
        const room = MAX_IN_FLIGHT - this.inFlight.size;
        if (room > 0) claimed = await this.claimAndSend(room);
      } catch (err) {
        this.d.log.error({ err }, 'webhook sender pass failed');
      }
      if (!this.running) break;
      if (claimed > 0 || this.wakeRequested) continue;
      const delay = this.inFlight.size >= MAX_IN_FLIGHT ? 1000 : await this.msUntilNextDue().catch(() => 1000);
      if (delay === 0 && this.inFlight.size === 0) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(delay, 5));
        this.sleeper = () => {
          clearTimeout(t);
          resolve();
        };
        if (this.wakeRequested) this.sleeper();
      });
      this.sleeper = undefined;
    }
  }

  /**
   * Claims up to `limit` lines whose head is due: the head and up to LINE_BATCH deliveries after it, under
   * one lease long enough for all of them to time out. Claims are serialised in the cluster (an advisory
   * lock, PostgreSQL; PGlite has one connection anyway), so each claim sees the leases of the one before
   * and a line is never split between two senders: its order holds.
   */
  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const now = this.d.clock.now();
    const lease = new Date(now.getTime() + LINE_BATCH * this.d.settings.get('crm.httpTimeoutMs') + 30_000);
    const rows = await this.d.db.tx(async (trx) => {
      if (this.d.db.dialect !== 'pglite') await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx);
      const r = await sql<ClaimedDelivery & { seq: string }>`
        with lines as (
          select distinct on (endpoint_id, order_key) endpoint_id, order_key, seq, next_attempt_at, locked_until
          from webhook_deliveries where status = 'pending'
          order by endpoint_id, order_key, seq
        ), due as (
          select endpoint_id, order_key, seq from lines
          where next_attempt_at <= ${now} and (locked_until is null or locked_until < ${now})
          order by next_attempt_at limit ${limit}
        )
        update webhook_deliveries d set locked_until = ${lease}, attempts = d.attempts + 1
        where d.status = 'pending' and d.id in (
          select p.id from due l cross join lateral (
            select id from webhook_deliveries x
            where x.status = 'pending' and x.endpoint_id = l.endpoint_id and x.order_key = l.order_key and x.seq >= l.seq
            order by x.seq limit ${LINE_BATCH}
          ) p)
        returning d.id, d.endpoint_id, d.order_key, d.seq, d.event, d.conversation_id, d.source, d.body, d.attempts`.execute(
        trx,
      );
      return r.rows;
    });
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map(({ seq: _seq, ...row }) => ({
        ...row,
        source: typeof row.source === 'string' ? (JSON.parse(row.source) as Record<string, unknown>) : row.source,
      }));
  }

  private async claimAndSend(limit: number): Promise<number> {
    const claimed = await this.claim(limit);
    if (claimed.length === 0) return 0;
    const lines = new Map<string, ClaimedDelivery[]>();
    for (const c of claimed) {
      const key = `${c.endpoint_id}\u0000${c.order_key}`;
      const line = lines.get(key);
      if (line) line.push(c);
      else lines.set(key, [c]);
    }
    for (const line of lines.values()) {
      const p: Promise<void> = this.sendLine(line).catch((err: unknown) =>
        this.d.log.error({ err }, 'webhook line failed (its lease runs out and it is tried again)'),
      );
      this.inFlight.add(p);
      void p.finally(() => {
        this.inFlight.delete(p);
        this.wake();
      });
    }
    return lines.size;
  }

  /**
   * One line, in order: the bodies not yet fixed are built (the room read once for the line) and stored
   * before any is sent (every retry sends the same bytes); then one delivery after another. The first
   * that fails stops the line: it is retried later and the rest are given back, still behind it.
   */
  private async sendLine(line: ClaimedDelivery[]): Promise<void> {
    const fresh = line.filter((c) => c.body === null);
    if (fresh.length > 0) {
      const memo = new Map<string, Promise<unknown>>();
      for (const c of fresh) {
        try {
          c.body = await this.d.buildBody(c, memo);
        } catch (err) {
          this.d.log.error({ err, deliveryId: c.id }, 'could not build a webhook body');
        }
      }
      const built = fresh.filter((c) => c.body !== null);
      if (built.length > 0) {
        await sql`update webhook_deliveries as d set body = v.body
          from unnest(${built.map((c) => c.id)}::uuid[], ${built.map((c) => c.body)}::text[]) as v(id, body)
          where d.id = v.id`.execute(this.d.db.kysely);
      }
    }
    for (let i = 0; i < line.length; i++) {
      const r = await this.attempt(line[i]!);
      if (!r.ok && !r.final && r.delivery.attempts < MAX_ATTEMPTS) {
        await this.recordLater({ ...r, released: line.slice(i + 1) });
        return;
      }
      void this.recordLater(r);
    }
  }

  private async attempt(c: ClaimedDelivery): Promise<AttemptResult> {
    const at = this.d.clock.now();
    const dest = this.d.targets.destination(c.endpoint_id);
    const base = { delivery: c, at, crmData: null };
    if ('gone' in dest) {
      return {
        ...base,
        url: '',
        ok: false,
        final: true,
        status: null,
        durationMs: 0,
        response: null,
        error: dest.gone,
      };
    }
    if (c.body === null) {
      const error = 'the body could not be built (see the server log)';
      return { ...base, url: dest.url, ok: false, final: false, status: null, durationMs: 0, response: null, error };
    }
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Parley-Webhooks/1',
      'x-parley-delivery': c.id,
      'x-parley-event': c.event,
      'x-parley-timestamp': timestamp,
    };
    if (dest.secret) {
      headers['x-rocketchat-livechat-token'] = dest.secret;
      headers['x-parley-livechat-token'] = dest.secret;
      headers['x-parley-signature'] = `sha256=${signature(dest.secret, timestamp, c.body)}`;
    }
    const t0 = performance.now();
    try {
      const res = await this.d.outbound.request({
        method: 'POST',
        url: dest.url,
        headers,
        body: c.body,
        timeoutMs: this.d.settings.get('crm.httpTimeoutMs'),
        maxResponseBytes: dest.crm ? CRM_DATA_BYTES : LOG_BYTES,
      });
      const ok = res.status >= 200 && res.status <= 299;
      return {
        ...base,
        url: dest.url,
        ok,
        final: false,
        status: res.status,
        durationMs: Math.round(performance.now() - t0),
        response: res.body.slice(0, LOG_BYTES),
        error: ok ? null : `answered ${res.status}`,
        // The CRM's answer to a session body is the conversation's crmData; its answer to a call is not.
        crmData:
          ok && dest.crm && c.conversation_id && c.event !== 'call' && res.body.trim() && !res.truncated
            ? res.body
            : null,
      };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const durationMs = Math.round(performance.now() - t0);
      return { ...base, url: dest.url, ok: false, final: false, status: null, durationMs, response: null, error };
    }
  }

  /** Results are written in batches: one transaction for all the answers that came in meanwhile. */
  private recordLater(r: AttemptResult): Promise<void> {
    this.results.push(r);
    this.flushing ??= this.flushLoop();
    return this.flushing;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.results.length > 0) {
        const batch = this.results;
        this.results = [];
        try {
          await this.write(batch);
        } catch (err) {
          // The leases run out and the deliveries are tried again: at least once, never lost.
          this.d.log.error({ err, count: batch.length }, 'could not record webhook attempts');
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async flush(): Promise<void> {
    if (this.results.length > 0) this.flushing ??= this.flushLoop();
    await this.flushing;
  }

  private async write(batch: AttemptResult[]): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.tx(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values(
          batch.map((r) => ({
            delivery_id: r.delivery.id,
            attempt: r.delivery.attempts,
            at: r.at,
            url: r.url,
            status: r.status,
            duration_ms: r.durationMs,
            response: r.response,
            error: r.error?.slice(0, 2000) ?? null,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      // One statement for the whole batch. Fenced on the attempt number: a sender whose lease ran out
      // leaves the newer attempt's row alone.
      const rows = batch.map((r) => {
        const done = r.ok || r.final || r.delivery.attempts >= MAX_ATTEMPTS;
        return {
          id: r.delivery.id,
          attempts: r.delivery.attempts,
          status: r.ok ? 'delivered' : done ? 'failed' : 'pending',
          lastStatus: r.status,
          lastError: r.error?.slice(0, 2000) ?? null,
          finishedAt: done ? now : null,
          next: done ? now : new Date(now.getTime() + RETRY_DELAY_MS),
        };
      });
      const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
      await sql`update webhook_deliveries as d set
          status = v.status, locked_until = null, last_status = v.last_status, last_error = v.last_error,
          finished_at = v.finished_at, next_attempt_at = v.next_attempt_at
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.attempts)}::int[], ${col((r) => r.status)}::text[],
          ${col((r) => r.lastStatus)}::int[], ${col((r) => r.lastError)}::text[], ${col((r) => r.finishedAt)}::timestamptz[],
          ${col((r) => r.next)}::timestamptz[])
          as v(id, attempts, status, last_status, last_error, finished_at, next_attempt_at)
        where d.id = v.id and d.attempts = v.attempts and d.status = 'pending'`.execute(trx);
      // The rest of a line that stopped at a failure: unclaimed, its attempt not counted.
      const released = batch.flatMap((r) => r.released ?? []);
      if (released.length > 0) {
        await sql`update webhook_deliveries as d set locked_until = null, attempts = d.attempts - 1
          from unnest(${released.map((c) => c.id)}::uuid[], ${released.map((c) => c.attempts)}::int[]) as v(id, attempts)
          where d.id = v.id and d.attempts = v.attempts and d.status = 'pending'`.execute(trx);
      }
      for (const r of batch) {
        if (r.crmData !== null && r.delivery.conversation_id) {
          await trx
            .insertInto('webhook_crm_data')
            .values({ conversation_id: r.delivery.conversation_id, data: r.crmData, updated_at: now })
            .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ data: r.crmData!, updated_at: now }))
            .execute();
        }
      }
    });
  }

  /** How long until a head falls due or a lease runs out (at most a second: others may have added work). */
  private async msUntilNextDue(): Promise<number> {
    const r = await sql<{ next: Date | string | null }>`
      select min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) as next from (
        select distinct on (endpoint_id, order_key) next_attempt_at, locked_until
        from webhook_deliveries where status = 'pending' order by endpoint_id, order_key, seq) heads`.execute(
      this.d.db.kysely,
    );
    const next = r.rows[0]?.next;
    if (!next) return 1000;
    return Math.max(0, Math.min(1000, new Date(next).getTime() - this.d.clock.now().getTime()));
  }
}

/** HMAC-SHA256 of `<timestamp>.<body>` with the endpoint's secret, hex (docs/webhooks.md shows how to check it). */
function signature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
