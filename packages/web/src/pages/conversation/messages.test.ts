import type { MessageView } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { changesToHold, hasOlderThan, latestSeq, PAGE, stillPending, toResend } from './messages';

function msg(seq: number, over: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    updatedSeq: seq,
    clientId: null,
    author: { type: 'visitor', id: 'v1', name: null },
    kind: 'text',
    systemType: null,
    text: `text ${seq}`,
    attachment: null,
    data: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}
const held = (...ms: MessageView[]) => new Map(ms.map((m) => [m.id, m]));

describe('which incoming messages change what is held', () => {
  it('adds new messages and keeps only newer versions of held ones', () => {
    const m5 = msg(5);
    const edited = msg(5, { text: 'edited', updatedSeq: 9 });
    expect(changesToHold(held(), [m5, msg(6)])).toEqual([m5, msg(6)]);
    expect(changesToHold(held(m5), [edited])).toEqual([edited]);
  });

  it('a replay or a second delivery of a version already held changes nothing; an older version never wins', () => {
    const edited = msg(5, { text: 'edited', updatedSeq: 9 });
    expect(changesToHold(held(edited), [edited])).toEqual([]);
    expect(changesToHold(held(edited), [msg(5)])).toEqual([]);
  });

  it('within one batch the later, newer version wins and a stale repeat after it is dropped', () => {
    const v1 = msg(7, { updatedSeq: 7 });
    const v2 = msg(7, { updatedSeq: 8, text: 'v2' });
    expect(changesToHold(held(), [v1, v2, v1])).toEqual([v1, v2]);
  });

  it('skips a live change of a message older than the loaded range, but not one already held', () => {
    const old = msg(3, { updatedSeq: 120 });
    expect(changesToHold(held(msg(100)), [old], 100)).toEqual([]);
    expect(changesToHold(held(msg(100)), [old])).toEqual([old]);
    const heldOld = msg(3);
    expect(changesToHold(held(heldOld, msg(100)), [old], 100)).toEqual([old]);
  });
});

describe('pending messages and the replay point', () => {
  it('drops pending messages the server confirmed by client id, keeps the others', () => {
    const pending = [{ clientId: 'a' }, { clientId: 'b' }];
    expect(stillPending(pending, [msg(1, { clientId: 'a' }), msg(2)])).toEqual([{ clientId: 'b' }]);
    expect(stillPending(pending, [])).toEqual(pending);
  });

  it('replays after the highest change number seen, edits included', () => {
    expect(latestSeq(4, [msg(2), msg(3, { updatedSeq: 11 })])).toBe(11);
    expect(latestSeq(20, [msg(2)])).toBe(20);
  });

  it('older history exists only above a full page that does not start at the first message', () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => msg(from + i));
    expect(hasOlderThan(page(51, PAGE))).toBe(true);
    expect(hasOlderThan(page(1, PAGE))).toBe(false);
    expect(hasOlderThan(page(10, PAGE - 1))).toBe(false);
    expect(hasOlderThan([])).toBe(false);
  });

  it('sends again, once the server is back, only what failed because it could not be reached', () => {
    const pending = [
      { clientId: 'net', state: 'failed' as const, offline: true },
      { clientId: 'refused', state: 'failed' as const, offline: false },
      { clientId: 'going', state: 'sending' as const },
    ];
    expect(toResend(pending, 'open').map((p) => p.clientId)).toEqual(['net']);
    expect(toResend(pending, undefined).map((p) => p.clientId)).toEqual(['net']);
    expect(toResend(pending, 'closed')).toEqual([]);
  });
});
