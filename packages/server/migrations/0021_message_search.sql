-- Full-text search over message text (issue 18 item 4, issue 16 item 10): History's text box also finds
-- conversations by the words of their messages. The 'simple' configuration lower-cases and splits on
-- word boundaries without stemming or stop words, so it treats every language alike (a German, French or
-- Russian message is found by its own words; an English stemmer would mangle them and drop "die" or "the").
-- Searches name the same expression and the same predicate, so this partial GIN index serves them: system
-- messages carry no text and deleted ones are not searched. Notes are in it (staff search them; the query
-- leaves them out for anyone who must not see them).
create index messages_text_search on messages using gin (to_tsvector('simple', text))
  where kind <> 'system' and deleted_at is null;
