/** The scenarios, in the order the default run takes them. */
export const SCENARIOS = {
  messages: 'message path on PostgreSQL: visitors → agents over WebSockets, highest rate with p99 < 50 ms',
  limit: "the machine's limit for the same work without Parley (one INSERT per message + bare ws)",
  connections: 'idle widget connections one server holds, and memory per connection',
  pglite: 'message path on the embedded PGlite',
  growth: 'history and conversation-list latency at 10k, 100k and 1M stored messages',
  routing:
    'routing burst: 10,000 conversations into 500 agents of capacity 5 with --full (issues 4, 20; 1,000 into 50 in quick mode); --instances N server processes sharing PostgreSQL and Redis; --routing-rate N starts per second instead of a burst; --queued-first: the burst waits, then routing is switched on',
  timers:
    'pending timers: 10,000 of 100,000 falling due in one second, and the message path with visitor abandonment on ÷ off (issue 13; 1,000 of 10,000 in the default quick run)',
  contacts:
    'the Contact Center at scale: 1,000,000 contacts with 3,000,000 channel identities (--contacts N; 100,000 in quick mode): each search kind, a contact page with 1,000 conversations, merges of two contacts with 1,000 conversations each (issue 16)',
  'message-search':
    'History search over message text (full-text, GIN): p50/p95 of a common word, a rare word, a phrase at --search-size messages (default 100,000; --full 1,000,000), and message send with the index ÷ without',
  reports:
    'reports (issue 21): --report-size N conversations over a year rolled up (default 100,000; --full 1,000,000), p50/p95 of report queries for 30 and 365 days; whole conversations with rollups on ÷ off (messages/s) in alternating rounds',
  'api-channel':
    "the API channel's message path against the widget's (issue 22): a closed loop of 32 senders posting visitor messages over HTTP, alternating rounds, messages stored per second and the ratio API ÷ widget (target ≥ 0.8)",
  webhooks:
    'CRM webhooks: 1,000 events/s to a receiver on loopback (commit → receiver latency), the receiver down 60 s and back (once per delivery id, drain rate), the message path with message webhooks on ÷ off (issue 15; a 15 s outage and one A/B round in quick mode)',
  'email-inbound':
    'inbound email (issue 22): 1,000 mails queued in a Dovecot mailbox (.ci/dovecot.sh), read by IMAP, parsed, threaded and stored — mails per second',
};

/**
 * @param {string[]} argv
 */
export function parseArgs(argv) {
  const out = {
    scenarios: /** @type {string[]} */ ([]),
    full: false,
    profile: false,
    build: true,
    help: false,
    serverDir: /** @type {string | undefined} */ (undefined),
    rates: /** @type {number[] | undefined} */ (undefined),
    /** Before each scenario, wait up to this many seconds for the machine to be quiet (0: do not). */
    waitQuietSeconds: 0,
    /** The routing burst is cut to 1,000 into 50 unless --full. */
    routingReduced: false,
    /** Server processes the routing scenario starts on one database, sharing Redis (--instances N). */
    instances: 1,
    /** Routing starts paced at this many per second (--routing-rate N; undefined: a burst). */
    routingRate: /** @type {number | undefined} */ (undefined),
    /** Routing: the burst waits in the queue first, then routing is switched on (--queued-first). */
    queuedFirst: false,
    /** The timers scenario is cut (1,000 of 10,000 due, one A/B round) when it only rides along likewise. */
    timersReduced: false,
    /** Messages the message-search scenario seeds (undefined: 100,000, or 1,000,000 with --full). */
    searchSize: /** @type {number | undefined} */ (undefined),
    /** How many contacts the contacts scenario seeds (default: 1,000,000 with --full, 100,000 quick). */
    contacts: /** @type {number | undefined} */ (undefined),
    /** Conversations the reports scenario rolls up (default: 100,000, or 1,000,000 with --full). */
    reportSize: /** @type {number | undefined} */ (undefined),
    /** The reports scenario's on ÷ off write measurement (false: only the queries). */
    reportWrites: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--full') out.full = true;
    else if (a === '--quick') out.full = false;
    else if (a === '--profile') out.profile = true;
    else if (a === '--no-build') out.build = false;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--server-dir') out.serverDir = argv[++i];
    else if (a === '--wait-quiet') out.waitQuietSeconds = 300;
    else if (a.startsWith('--wait-quiet=')) out.waitQuietSeconds = Number(a.slice('--wait-quiet='.length));
    else if (a.startsWith('--server-dir=')) out.serverDir = a.slice('--server-dir='.length);
    else if (a === '--search-size' || a.startsWith('--search-size=')) {
      const v = Number(a === '--search-size' ? argv[++i] : a.slice('--search-size='.length));
      if (!Number.isInteger(v) || v < 1000) throw new Error(`--search-size wants a whole number ≥ 1000, got "${v}"`);
      out.searchSize = v;
    } else if (a === '--instances' || a.startsWith('--instances=')) {
      const v = Number(a === '--instances' ? argv[++i] : a.slice('--instances='.length));
      if (!Number.isInteger(v) || v < 1 || v > 8) throw new Error(`--instances wants 1 to 8, got "${v}"`);
      out.instances = v;
    } else if (a === '--routing-rate' || a.startsWith('--routing-rate=')) {
      const v = Number(a === '--routing-rate' ? argv[++i] : a.slice('--routing-rate='.length));
      if (!Number.isFinite(v) || v <= 0) throw new Error(`--routing-rate wants a positive number, got "${v}"`);
      out.routingRate = v;
    } else if (a === '--queued-first') out.queuedFirst = true;
    else if (a === '--no-report-writes') out.reportWrites = false;
    else if (a === '--report-size' || a.startsWith('--report-size=')) {
      const v = Number(a === '--report-size' ? argv[++i] : a.slice('--report-size='.length));
      if (!Number.isInteger(v) || v < 100) throw new Error(`--report-size wants a whole number ≥ 100, got "${v}"`);
      out.reportSize = v;
    } else if (a === '--contacts' || a.startsWith('--contacts=')) {
      const v = Number(a === '--contacts' ? argv[++i] : a.slice('--contacts='.length));
      if (!Number.isInteger(v) || v < 100)
        throw new Error(`--contacts wants a whole number of at least 100, got "${v}"`);
      out.contacts = v;
    } else if (a === '--rates' || a.startsWith('--rates=')) {
      const v = a === '--rates' ? argv[++i] : a.slice('--rates='.length);
      out.rates = (v ?? '').split(',').map(Number);
      if (out.rates.length === 0 || out.rates.some((r) => !Number.isFinite(r) || r <= 0))
        throw new Error(`--rates wants positive numbers separated by commas, got "${v}"`);
    } else if (a === 'all') out.scenarios.push(...Object.keys(SCENARIOS));
    else if (a in SCENARIOS) out.scenarios.push(a);
    else throw new Error(`unknown argument "${a}" (scenarios: ${Object.keys(SCENARIOS).join(', ')}; see --help)`);
  }
  if (out.scenarios.length === 0) {
    out.scenarios = Object.keys(SCENARIOS);
    out.timersReduced = !out.full;
  }
  out.routingReduced = !out.full;
  out.scenarios = [...new Set(out.scenarios)];
  return out;
}
