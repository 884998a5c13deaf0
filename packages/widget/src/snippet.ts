/**
 * The embed snippet site owners paste before `</body>` (the admin console shows it; docs/widget.md
 * explains it). It defines a queue function `window[name]` (calls made before the loader arrives are
 * kept) and loads `<server>/widget/loader.js` asynchronously.
 */
export interface SnippetOptions {
  /** The global the host page calls (`Parley('open')`). Give each Parley server on a page its own name. */
  name?: string;
  /** Route chats to this department. */
  departmentId?: string;
  /** Language of the widget texts (`en`, `fr`, `de`, `es`); the browser's language by default. */
  language?: string;
  /** Which bottom corner the launcher sits in (default right). */
  side?: 'left' | 'right';
}

/** JSON that is safe inside an inline <script> (no `</script>`, no `<!--`). */
function js(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function serverBase(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The server URL must be http(s)');
  return url.href.replace(/\/+$/, '');
}

export function widgetSnippet(serverUrl: string, options: SnippetOptions = {}): string {
  const base = serverBase(serverUrl);
  const name = options.name ?? 'Parley';
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error('The name must be a JavaScript identifier');
  const config: Record<string, string> = {};
  if (options.departmentId) config.departmentId = options.departmentId;
  if (options.language) config.language = options.language;
  if (options.side === 'left') config.side = 'left';
  const lines = [
    '<!-- Parley live chat -->',
    '<script>',
    '  (function (w, d, n, u) {',
    '    w[n] = w[n] || function () { (w[n].q = w[n].q || []).push(arguments); };',
    "    var s = d.createElement('script');",
    '    s.async = true;',
    "    s.src = u + '/widget/loader.js';",
    "    s.setAttribute('data-parley', n);",
    '    d.head.appendChild(s);',
    `  })(window, document, ${js(name)}, ${js(base)});`,
  ];
  if (Object.keys(config).length > 0) lines.push(`  ${name}('config', ${js(config)});`);
  lines.push('</script>');
  return lines.join('\n');
}

/** The same without inline script, for sites whose Content-Security-Policy forbids inline scripts. */
export function widgetScriptTag(serverUrl: string, options: SnippetOptions = {}): string {
  const base = serverBase(serverUrl);
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const extra = [
    options.name ? ` data-parley="${attr(options.name)}"` : '',
    options.departmentId ? ` data-department-id="${attr(options.departmentId)}"` : '',
    options.language ? ` data-language="${attr(options.language)}"` : '',
    options.side === 'left' ? ' data-side="left"' : '',
  ].join('');
  return `<script async src="${attr(`${base}/widget/loader.js`)}"${extra}></script>`;
}
