import { describe, expect, it } from 'vitest';
import { onPostgres, startTestParley, TestCluster, withRedis } from '../test-support/harness.js';
import type { BusEvent } from './events.js';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('event bus (outbox)', () => {
  it('delivers after commit, and the outbox row is written in the transaction then removed', async () => {
    const p = await startTestParley();
    try {
      const seen: BusEvent[] = [];
      const outboxSeenByListener: string[] = [];
      // An async listener: the row stays until local listeners settle, so it must still be there.
      p.bus.on('user.updated', async (e) => {
        seen.push(e);
        const rows = await p.db.kysely.selectFrom('outbox').select('name').execute();
        outboxSeenByListener.push(...rows.map((r) => r.name));
      });
      await p.db.tx(async () => {
        p.bus.emit('user.updated', { userId: 'u1', changed: ['name'] });
        expect(seen).toHaveLength(0); // nothing before commit
      });
      expect(seen.map((e) => e.payload)).toEqual([{ userId: 'u1', changed: ['name'] }]);
      for (let i = 0; i < 200 && outboxSeenByListener.length === 0; i++) await tick(5);
      expect(outboxSeenByListener).toEqual(['user.updated']);
      // Removed once the listener has settled (however long a busy machine makes that).
      await expect
        .poll(async () => {
          await p.bus.flushDeletes();
          return (await p.db.kysely.selectFrom('outbox').selectAll().execute()).length;
        })
        .toBe(0);
    } finally {
      await p.stop();
    }
  });

  it('writes to the outbox only events someone listens to after commit', async () => {
    const p = await startTestParley();
    try {
      const outbox: string[] = [];
      p.bus.on('user.updated', async () => {
        const rows = await p.db.kysely.selectFrom('outbox').select('name').execute();
        outbox.push(...rows.map((r) => r.name));
      });
      // Nobody in Parley reacts to a page view after commit (the navigation message is written in the
      // transaction); if a module starts to, pick another event here.
      await p.db.tx(async () => {
        p.bus.emit('visitor.page-viewed', { visitorId: 'v', conversationId: null, url: 'https://x.test', title: '' });
        p.bus.emit('user.updated', { userId: 'u0', changed: ['name'] });
      });
      for (let i = 0; i < 200 && outbox.length === 0; i++) await tick(5);
      expect(outbox).toEqual(['user.updated']);
    } finally {
      await p.stop();
    }
  });

  it('delivers nothing and writes nothing when the transaction rolls back', async () => {
    const p = await startTestParley();
    try {
      const seen: BusEvent[] = [];
      p.bus.on('user.updated', (e) => void seen.push(e));
      await expect(
        p.db.tx(async () => {
          p.bus.emit('user.updated', { userId: 'u2', changed: [] });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await tick();
      expect(seen).toHaveLength(0);
      expect(await p.db.kysely.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
    } finally {
      await p.stop();
    }
  });

  it('runs in-transaction listeners before commit (rolled back with it), and keeps unstored events out of the outbox', async () => {
    const p = await startTestParley();
    try {
      // Real ids: modules listen to these events in the transaction too (auth ends a deactivated user's sessions).
      const [u3, u4, followup] = ['3', '4', '33'].map((n) => `01900000-0000-7000-8000-${n.padStart(12, '0')}`);
      const inTx: string[] = [];
      const after: string[] = [];
      p.bus.inTransaction('user.updated', async (e) => {
        inTx.push(e.payload.userId);
        // It may write and emit more; all of it commits with the change.
        p.bus.emit('user.deactivated', { userId: followup! });
      });
      p.bus.on('user.deactivated', (e) => void after.push(e.payload.userId));
      p.bus.withoutOutbox('user.updated');
      let rowsBeforeCommit: string[] = [];
      p.bus.inTransaction('user.deactivated', async () => {
        rowsBeforeCommit = (await p.db.q.selectFrom('outbox').select('name').execute()).map((r) => r.name);
      });
      await p.db.tx(async () => p.bus.emit('user.updated', { userId: u3!, changed: [] }));
      expect(inTx).toEqual([u3]);
      expect(after).toEqual([followup]);
      expect(rowsBeforeCommit).toEqual([]); // the outbox is written after the in-transaction listeners
      await expect(
        p.db.tx(async () => {
          p.bus.emit('user.updated', { userId: u4!, changed: [] });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(inTx).toEqual([u3]); // never ran for the rolled-back one
    } finally {
      await p.stop();
    }
  });

  it('the relay delivers rows a crashed process left behind, once', async () => {
    const p = await startTestParley();
    try {
      const seen: string[] = [];
      p.bus.on('user.deactivated', (e) => void seen.push(e.payload.userId));
      // What a process that died between commit and delivery leaves: a committed outbox row.
      await p.db.kysely
        .insertInto('outbox')
        .values({
          id: '01890000-0000-7000-8000-000000000001',
          name: 'user.deactivated',
          payload: JSON.stringify({ userId: 'ghost' }),
          created_at: new Date(p.clock.now().getTime() - 60_000),
        })
        .execute();
      expect(await p.bus.relayStale(30_000)).toBe(1);
      expect(await p.bus.relayStale(30_000)).toBe(0);
      expect(seen).toEqual(['ghost']);
      expect(await p.db.kysely.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
    } finally {
      await p.stop();
    }
  });

  it.runIf(onPostgres && withRedis)(
    'fans broadcast events out to another process through Redis; local ones stay',
    async () => {
      const cluster = new TestCluster();
      const a = await startTestParley({ cluster });
      const b = await startTestParley({ cluster });
      try {
        const local: string[] = [];
        const broadcast: string[] = [];
        b.bus.on('user.updated', (e) => void local.push(e.payload.userId), 'local');
        b.bus.on('user.updated', (e) => void broadcast.push(e.payload.userId), 'broadcast');
        await a.db.tx(async () => a.bus.emit('user.updated', { userId: 'from-a', changed: [] }));
        for (let i = 0; i < 100 && broadcast.length === 0; i++) await tick(20);
        expect(broadcast).toEqual(['from-a']);
        expect(local).toEqual([]);
      } finally {
        await a.close();
        await b.close();
        await cluster.destroy();
      }
    },
  );

  it.runIf(onPostgres)('keeps other processes’ caches fresh without Redis (PostgreSQL LISTEN/NOTIFY)', async () => {
    const cluster = new TestCluster();
    const noRedis = { REDIS_URL: '' };
    const a = await startTestParley({ cluster, env: noRedis });
    const b = await startTestParley({ cluster, env: noRedis, clock: a.clock });
    try {
      expect(b.bus.transport.constructor.name).toBe('PgNotifyTransport');
      await a.settings.update({ 'queue.maxChatsPerAgent': 7 }, { kind: 'anonymous' });
      for (let i = 0; i < 200 && b.settings.get('queue.maxChatsPerAgent') !== 7; i++) await tick(20);
      expect(b.settings.get('queue.maxChatsPerAgent')).toBe(7);
    } finally {
      await a.close();
      await b.close();
      await cluster.destroy();
    }
  });
});
