import { describe, expect, it } from 'vitest';
import { widgetScriptTag, widgetSnippet } from '../src/snippet';

describe('the embed snippet', () => {
  it('loads <server>/widget/loader.js asynchronously under the default name', () => {
    const s = widgetSnippet('https://chat.example.com/');
    expect(s).toContain("s.src = u + '/widget/loader.js';");
    expect(s).toContain('s.async = true;');
    expect(s).toContain('})(window, document, "Parley", "https://chat.example.com");');
    expect(s).not.toContain("('config'");
  });

  it('keeps a path prefix and writes options as a config call', () => {
    const s = widgetSnippet('https://example.com/parley', {
      name: 'Support',
      departmentId: 'd1',
      language: 'fr',
      side: 'left',
    });
    expect(s).toContain('"Support", "https://example.com/parley");');
    expect(s).toContain(`Support('config', {"departmentId":"d1","language":"fr","side":"left"});`);
  });

  it('cannot be broken out of: values are JSON with < escaped', () => {
    const s = widgetSnippet('https://chat.example.com', { departmentId: '</script><script>alert(1)</script>' });
    expect(s.match(/<\/script>/g)).toHaveLength(1);
    expect(s).toContain('\\u003c/script>');
  });

  it('refuses names that are not identifiers and non-http URLs', () => {
    expect(() => widgetSnippet('https://chat.example.com', { name: 'a-b' })).toThrow();
    expect(() => widgetSnippet('javascript:alert(1)')).toThrow();
    expect(() => widgetScriptTag('javascript:alert(1)')).toThrow();
  });

  it('has a variant without inline script', () => {
    expect(widgetScriptTag('https://chat.example.com', { departmentId: 'x"y', language: 'de' })).toBe(
      '<script async src="https://chat.example.com/widget/loader.js" data-department-id="x&quot;y" data-language="de"></script>',
    );
  });
});
