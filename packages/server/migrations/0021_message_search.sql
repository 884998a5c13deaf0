-- Full-text search over message text (issue 18 item 4, issue 16 item 10): History's search box also finds
-- conversations by the words of their messages. The 'simple' configuration lower-cases and splits on
-- word boundaries without stemming or stop words, so it treats every language alike (a German, French or
-- Russian message is found by its own words; an English stemmer would mangle them and drop "die" or "the").
-- Searches name the same expression, so this GIN index serves them. It is not partial (system and deleted
-- messages are left out by the query instead): ANALYZE keeps statistics of an index expression only for a
-- non-partial index, and without them the planner guesses every word's frequency alike — measured at 1M
-- messages, it then probed 50,000 conversations one by one for a word nobody wrote (60 s).
create index messages_text_search on messages using gin (to_tsvector('simple', text));
