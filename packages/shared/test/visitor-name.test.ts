import { describe, expect, it } from 'vitest';
import { visitorDisplayName } from '../src/index.js';

describe('what staff call a visitor', () => {
  it('is their name, else email, else phone, else "Visitor N" — never guest-N', () => {
    expect(visitorDisplayName({ name: 'Vera', username: 'guest-7', email: 'v@x.test' })).toBe('Vera');
    expect(visitorDisplayName({ name: '  ', username: 'guest-7', email: 'v@x.test' })).toBe('v@x.test');
    expect(visitorDisplayName({ name: null, username: 'guest-7', phone: '+4930123' })).toBe('+4930123');
    expect(visitorDisplayName({ name: null, username: 'guest-7' })).toBe('Visitor 7');
    expect(visitorDisplayName({ name: null, username: 'sms:+4930123' })).toBe('sms:+4930123');
  });
});
