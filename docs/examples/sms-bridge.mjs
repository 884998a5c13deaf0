// An SMS gateway bridged to a Parley API channel (docs/channels.md). Node 20, no dependencies.
// Incoming SMS: the gateway POSTs a form (From, Body, MessageSid) to /sms; it goes to Parley once per MessageSid.
// Agent replies: Parley POSTs signed JSON to /parley (the channel's callback URL); they go out as SMS.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { PARLEY_URL, PARLEY_TOKEN, PARLEY_SECRET, GATEWAY_SEND_URL, GATEWAY_KEY, PORT = '8025' } = process.env;

const read = async (req) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};
const post = (url, headers, body) => fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
const signed = (raw, header = '') => {
  const mine = Buffer.from(`sha256=${createHmac('sha256', PARLEY_SECRET).update(raw).digest('hex')}`);
  const theirs = Buffer.from(header);
  return mine.length === theirs.length && timingSafeEqual(mine, theirs);
};

/** Incoming SMS → Parley (once per MessageSid); Parley's signed callback → an SMS. Not 2xx: the sender retries. */
async function handle(url, raw, signature) {
  if (url === '/sms') {
    const sms = new URLSearchParams(raw);
    const r = await post(
      `${PARLEY_URL}/api/v1/channel-api/messages`,
      { authorization: `Bearer ${PARLEY_TOKEN}`, 'content-type': 'application/json' },
      { externalId: sms.get('From'), phone: sms.get('From'), clientId: sms.get('MessageSid'), text: sms.get('Body') },
    );
    return r.ok ? 200 : 502;
  }
  if (url !== '/parley') return 404;
  if (!signed(raw, signature)) return 401;
  const event = JSON.parse(raw);
  if (event.type !== 'message') return 200; // e.g. conversation.closed: nothing to text
  const r = await post(
    GATEWAY_SEND_URL,
    { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
    { to: event.externalId, text: event.message.text || event.message.attachment?.name || '' },
  );
  return r.ok ? 200 : 502; // Parley tries again later (10 s, 20 s, 40 s …)
}

const server = createServer(async (req, res) => {
  const status = await handle(req.url, await read(req), req.headers['x-parley-signature']).catch((err) => {
    console.error(err);
    return 502;
  });
  res.writeHead(status).end();
});
server.listen(Number(PORT), () => console.log(`sms bridge listening on ${server.address().port}`));
