import type { MessageMatch } from '@parley/shared';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../kernel/db/db.js';

/**
 * Full-text search over message text (migration 0021): PostgreSQL's `to_tsvector('simple', …)` and
 * `websearch_to_tsquery('simple', …)` — words in any language, lower-cased, no stemming, no stop words;
 * `"two words"` is a phrase, `or` an alternative, `-word` excludes. PGlite is PostgreSQL, so the same SQL runs
 * on both. Who reads the result decides whether internal notes may match: the visitor never.
 */
export type SearchAudience = 'staff' | 'visitor';

/** Highlight markers: control characters removed from the text before `ts_headline` puts them in. */
const START = '\u0002';
const STOP = '\u0003';
/**
 * `ts_headline`'s parser takes `<b>` for a tag and drops it; the visitor's text must come back as written,
 * so `<` travels as this character (the text's own copies of it removed) and is put back here.
 */
const LT = '\u0004';

/** Is there a word to search for (a query of punctuation alone makes an empty tsquery)? */
export function hasSearchableWords(q: string): boolean {
  return /[\p{L}\p{N}]/u.test(q);
}

const tsquery = (q: string) => sql`websearch_to_tsquery('simple', ${q})`;

/** The condition the GIN index of 0021 serves, what is never searched, and what the audience may not see. */
function searchable(alias: string, q: string, audience: SearchAudience): RawBuilder<SqlBool> {
  const m = sql.ref(alias);
  return sql<SqlBool>`to_tsvector('simple', ${m}.text) @@ ${tsquery(q)} and ${m}.kind <> 'system' and ${m}.deleted_at is null${
    audience === 'visitor' ? sql` and ${m}.kind <> 'note'` : sql``
  }`;
}

export class MessageSearch {
  constructor(private readonly db: Db) {}

  /**
   * A condition for another module's query: the conversation whose id is `conversationId` (a column
   * reference such as `conversations.id`) has a message matching `q` that the audience may see. As an
   * EXISTS the planner picks per query: the newest conversations first, each probed by its messages (a
   * common word), or the matches from the GIN index first (a rare word).
   */
  matchIn(conversationId: string, q: string, audience: SearchAudience): Expression<SqlBool> {
    return sql<SqlBool>`exists (select 1 from messages sm where sm.conversation_id = ${sql.ref(conversationId)} and ${searchable(
      'sm',
      q,
      audience,
    )})`;
  }

  /**
   * The newest matching message of each of these conversations, as an excerpt with the matched words
   * marked (`ts_headline`; cut into parts here, so clients never parse markup).
   */
  async matches(conversationIds: string[], q: string, audience: SearchAudience): Promise<Map<string, MessageMatch>> {
    if (conversationIds.length === 0 || !hasSearchableWords(q)) return new Map();
    const r = await sql<{
      conversation_id: string;
      id: string;
      seq: number;
      kind: 'text' | 'file' | 'note';
      created_at: Date;
      headline: string;
    }>`select distinct on (m.conversation_id) m.conversation_id, m.id, m.seq, m.kind, m.created_at,
         ts_headline('simple', translate(m.text, ${'<' + START + STOP + LT}, ${LT}), ${tsquery(q)},
           ${`StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12`}) as headline
       from messages m
       where m.conversation_id = any(${sql.val(conversationIds)}::uuid[]) and ${searchable('m', q, audience)}
       order by m.conversation_id, m.seq desc`.execute(this.db.q);
    return new Map(
      r.rows.map((row) => [
        row.conversation_id,
        {
          messageId: row.id,
          seq: row.seq,
          kind: row.kind,
          createdAt: new Date(row.created_at).toISOString(),
          excerpt: excerptParts(row.headline),
        },
      ]),
    );
  }
}

/** `a\u0002b\u0003c` → [{a}, {b, hit}, {c}]. */
export function excerptParts(headline: string): MessageMatch['excerpt'] {
  const parts: MessageMatch['excerpt'] = [];
  for (const piece of headline.replaceAll(LT, '<').split(START)) {
    const stop = piece.indexOf(STOP);
    if (stop < 0) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    parts.push({ text: piece.slice(0, stop), hit: true });
    const rest = piece.slice(stop + 1).replaceAll(STOP, '');
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}
