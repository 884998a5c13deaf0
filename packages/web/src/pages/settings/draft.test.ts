import type { SettingView } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { currentValue, leftAfterSave, localProblems, serverProblems, withEdit } from './draft';

function setting(key: string, over: Partial<SettingView> = {}): SettingView {
  return {
    key: key as SettingView['key'],
    type: 'string',
    group: 'General',
    label: key,
    description: '',
    public: false,
    value: '',
    default: '',
    enforced: true,
    ...over,
  };
}

const title = setting('livechat.title', { value: 'Help' });
const tags = setting('livechat.tags', { type: 'list', value: ['a', 'b'] });
const secret = setting('crm.secret', { type: 'secret', value: null, isSet: true });
const maxChats = setting('queue.maxChatsPerAgent', { type: 'int', value: 0, min: 0, max: 100 });

describe('the settings draft', () => {
  it('holds an edit until it equals the saved value again (lists compared by value)', () => {
    let d = withEdit({}, title, 'Support');
    expect(d).toEqual({ 'livechat.title': 'Support' });
    expect(currentValue(title, d)).toBe('Support');
    d = withEdit(d, title, 'Help');
    expect(d).toEqual({});
    expect(currentValue(title, d)).toBe('Help');
    expect(withEdit({}, tags, ['a', 'b'])).toEqual({});
    expect(withEdit({}, tags, ['b', 'a'])).toEqual({ 'livechat.tags': ['b', 'a'] });
  });

  it("a secret's edit is dropped only by undefined: '' clears it, any text replaces it", () => {
    expect(withEdit({}, secret, '')).toEqual({ 'crm.secret': '' });
    expect(withEdit({}, secret, 's3cret')).toEqual({ 'crm.secret': 's3cret' });
    expect(withEdit({ 'crm.secret': 'x' }, secret, undefined)).toEqual({});
  });

  it('after a save, only edits made while it was on its way stay', () => {
    const sent = { 'livechat.title': 'Support', 'livechat.tags': ['x'] };
    const now = { 'livechat.title': 'Support!', 'livechat.tags': ['x'], 'crm.secret': 'k' };
    expect(leftAfterSave(now, sent)).toEqual({ 'livechat.title': 'Support!', 'crm.secret': 'k' });
    expect(leftAfterSave(sent, sent)).toEqual({});
  });
});

describe('problems', () => {
  it('the browser checks only whole numbers and their bounds, for edited integer settings', () => {
    expect(localProblems([maxChats, title], { 'queue.maxChatsPerAgent': 'ten' })).toEqual({
      'queue.maxChatsPerAgent': 'Enter a whole number.',
    });
    expect(localProblems([maxChats], { 'queue.maxChatsPerAgent': 1.5 })).toEqual({
      'queue.maxChatsPerAgent': 'Enter a whole number.',
    });
    expect(localProblems([maxChats], { 'queue.maxChatsPerAgent': -1 })).toEqual({
      'queue.maxChatsPerAgent': 'The smallest allowed value is 0.',
    });
    expect(localProblems([maxChats], { 'queue.maxChatsPerAgent': 101 })).toEqual({
      'queue.maxChatsPerAgent': 'The largest allowed value is 100.',
    });
    expect(localProblems([maxChats, title], { 'queue.maxChatsPerAgent': 5, 'livechat.title': 7 })).toEqual({});
  });

  it("the server's rejection becomes one message per setting, without the key prefix, capitalised", () => {
    const err = new ApiError(400, 'setting.invalid', 'livechat.titleColor: must be a color', 'livechat.titleColor', {
      problems: [
        { field: 'livechat.titleColor', message: 'livechat.titleColor: must be a color like #C1272D' },
        { field: 'queue.maxChatsPerAgent', message: 'too big' },
        { field: 'queue.maxChatsPerAgent', message: 'second message for the same key' },
      ],
    });
    expect(serverProblems(err)).toEqual({
      'livechat.titleColor': 'Must be a color like #C1272D',
      'queue.maxChatsPerAgent': 'Too big',
    });
  });

  it('a single-field rejection without a list names its field; other errors are not per setting', () => {
    const unknown = new ApiError(400, 'setting.unknown', 'nope.key: unknown setting', 'nope.key');
    expect(serverProblems(unknown)).toEqual({ 'nope.key': 'Unknown setting' });
    expect(serverProblems(new ApiError(403, 'auth.forbidden', 'Forbidden'))).toBeUndefined();
    expect(serverProblems(new Error('boom'))).toBeUndefined();
  });
});
