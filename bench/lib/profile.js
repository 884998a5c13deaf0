/**
 * Reads a V8 .cpuprofile (from --cpu-prof or the probe) and says where the time went: the functions with
 * the most self time, and the time per package (a dependency, a Parley module, Node internals, GC).
 */

/**
 * @param {string} url
 * @returns {string}
 */
export function categoryOf(url) {
  if (!url) return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const parley = /packages\/([^/]+)\/(?:dist|src)\/(?:(modules|transport|kernel)\/([^/]+))?/.exec(url);
  if (parley) return parley[2] ? `parley ${parley[2]}/${parley[3].replace(/\.[jt]s$/, '')}` : `parley ${parley[1]}`;
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/bench/')) return 'bench';
  return url.replace(/^file:\/\//, '');
}

/**
 * @param {{ nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }>, samples?: number[], timeDeltas?: number[], startTime: number, endTime: number }} profile
 * @param {number} [top]
 */
export function summarizeProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // Self time per node from the samples and their time deltas (µs).
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? deltas[i] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const totalUs = profile.endTime - profile.startTime;
  const fn = new Map();
  const cat = new Map();
  let idleUs = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = functionName || '(anonymous)';
    const where = url ? `${categoryOf(url)} ${url.split('/').slice(-1)[0]}:${lineNumber + 1}` : '';
    const key = `${name}\u0000${where}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const c = functionName.startsWith('(') ? functionName : categoryOf(url);
    cat.set(c, (cat.get(c) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;

  // Inclusive time of Parley's own functions: each sample counts once for every distinct Parley
  // function on its (synchronous) stack. Work after an \`await\` starts a new stack, so this shows who
  // does the synchronous work (building rows, views, frames), not who awaited the database.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? deltas[i] ?? 0;
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f || !/packages\/[^/]+\/(dist|src)\//.test(f.url)) continue;
      const key = `${f.functionName || '(anonymous)'}\u0000${categoryOf(f.url)} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const rows = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => {
        const [name, where] = k.split('\u0000');
        return { name, where: where ?? '', ms: us / 1000, pctOfBusy: (100 * us) / busyUs };
      });
  return {
    wallMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    busyPct: (100 * busyUs) / totalUs,
    functions: rows(fn),
    categories: rows(cat),
    parleyInclusive: rows(inclusive),
  };
}
