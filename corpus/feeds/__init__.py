"""RSS/Atom feeds into `Article`s: fetching, parsing, entries, saving, and the SSRF guard.

Import from the module that holds a name (this package imports none of them, so reading
a `FeedState` or checking an address does not load httpx and feedparser):

- `client`: `FeedClient`, what a poller calls: one guarded httpx client per poll;
- `poll`: `poll_feed`, one conditional GET of one feed, its new entries completed;
- `state`: the records kept and returned: `FeedLimits`, `FeedState`, `PollResult`;
- `fetch`: one bounded GET (wall clock, size), every failure a short `FetchError`;
- `parse`: a feed body into entries (feedparser), a page into its main text;
- `entries`: entries into candidate articles (ids, text, language, order), then articles;
- `files`: `save_articles`, appending articles where the corpus readers find them;
- `safe_fetch`: `GuardedClient` and `FetchPolicy`, public http(s) addresses only;
- `addresses`: which IP addresses a fetch may connect to.
"""
