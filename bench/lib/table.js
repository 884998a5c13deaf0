/**
 * Plain-text tables for the terminal (and Markdown ones for docs/performance.md).
 */

/** @param {unknown} v */
export function cell(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '–';
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    const abs = Math.abs(v);
    return v.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/**
 * @param {string[]} headers
 * @param {unknown[][]} rows
 * @param {{ align?: Array<'left' | 'right'> }} [opts] default: numbers right, text left
 * @returns {string}
 */
export function formatTable(headers, rows, opts = {}) {
  const text = rows.map((r) => headers.map((_, i) => cell(r[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const align = headers.map(
    (_, i) =>
      opts.align?.[i] ??
      (rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null) ? 'right' : 'left'),
  );
  const pad = (s, i) => (align[i] === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cells) => cells.map(pad).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/**
 * @param {string[]} headers
 * @param {unknown[][]} rows
 * @returns {string}
 */
export function markdownTable(headers, rows) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${headers.map((_, i) => esc(cell(r[i]))).join(' | ')} |`),
  ].join('\n');
}
