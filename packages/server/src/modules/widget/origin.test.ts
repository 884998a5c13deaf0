import { describe, expect, it } from 'vitest';
import { frameCsp } from '../../transport/http/widget-assets.js';
import { originAllowed } from './origin.js';

const own = 'https://chat.example.org';

describe('livechat.allowedDomains', () => {
  it('allows everything when empty', () => {
    expect(originAllowed([], own, { origin: 'https://evil.test' })).toBe(true);
  });

  it('allows a domain and its subdomains on any port, and Parley itself', () => {
    const list = ['shop.example.com'];
    expect(originAllowed(list, own, { hostOrigin: 'https://shop.example.com' })).toBe(true);
    expect(originAllowed(list, own, { hostOrigin: 'https://eu.shop.example.com:8443' })).toBe(true);
    expect(originAllowed(list, own, { origin: own, hostOrigin: 'http://shop.example.com' })).toBe(true);
    expect(originAllowed(list, own, { hostOrigin: 'https://shop.example.com.evil.test' })).toBe(false);
    expect(originAllowed(list, own, { hostOrigin: 'https://evilshop.example.com' })).toBe(false);
    expect(originAllowed(list, own, { origin: 'https://evil.test' })).toBe(false);
    expect(originAllowed(list, own, { referer: 'https://evil.test/page' })).toBe(false);
    expect(originAllowed(list, own, { hostOrigin: 'not a url' })).toBe(false);
    expect(originAllowed(list, own, {})).toBe(true); // nothing to judge (not a browser)
  });

  it('refuses `Origin: null` and unreadable origins when a list is set; a request naming none passes', () => {
    const list = ['shop.example.com'];
    expect(originAllowed(list, own, { origin: 'null' })).toBe(false);
    expect(originAllowed(list, own, { origin: 'null', hostOrigin: 'https://shop.example.com' })).toBe(false);
    expect(originAllowed(list, own, { hostOrigin: 'null' })).toBe(false);
    expect(originAllowed(list, own, { origin: 'file:///tmp/page.html' })).toBe(false);
    expect(originAllowed([], own, { origin: 'null' })).toBe(true);
    expect(originAllowed(list, own, {})).toBe(true);
  });

  it('takes the Host the request came to as Parley itself (a second name, a dev proxy)', () => {
    const list = ['shop.example.com'];
    const frame = { origin: 'http://localhost:5173', hostOrigin: 'https://shop.example.com' };
    expect(originAllowed(list, own, { ...frame, host: 'localhost:5173' })).toBe(true);
    expect(originAllowed(list, own, frame)).toBe(false);
    expect(originAllowed(list, own, { origin: 'http://localhost', host: 'localhost:80' })).toBe(true);
    expect(originAllowed(list, own, { origin: 'https://localhost', host: 'localhost:80' })).toBe(false);
    expect(originAllowed(list, own, { origin: 'http://evil.test', host: 'localhost' })).toBe(false);
  });

  it('holds an entry with a port to that port', () => {
    const list = ['localhost:8443'];
    expect(originAllowed(list, own, { hostOrigin: 'http://localhost:8443' })).toBe(true);
    expect(originAllowed(list, own, { hostOrigin: 'http://localhost:9000' })).toBe(false);
  });

  it('gives the chat frame matching frame-ancestors', () => {
    const csp = (domains: string[]) =>
      frameCsp({
        allowedDomains: () => domains,
        additionalScripts: () => ['https://cdn.example.net/x.js'],
        additionalCss: () => [],
      });
    expect(csp([])).toContain('frame-ancestors *');
    const strict = csp(['shop.example.com', 'localhost:8443']);
    expect(strict).toContain(
      "frame-ancestors 'self' http://shop.example.com:* http://*.shop.example.com:* https://shop.example.com:* https://*.shop.example.com:* http://localhost:8443",
    );
    expect(strict).toContain("script-src 'self' https://cdn.example.net");
  });
});
