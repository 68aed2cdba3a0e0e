"""The SQLite schema, as migrations applied in order (`PRAGMA user_version` counts them)."""

# Each entry upgrades the schema by one version; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE subscriptions (
        chat_id     INTEGER PRIMARY KEY,
        chat_type   TEXT    NOT NULL,
        thread_id   INTEGER,
        at_time     TEXT    NOT NULL,            -- HH:MM, local to tz
        tz          TEXT    NOT NULL,            -- IANA name
        lang        TEXT    NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1,
        reason      TEXT,                        -- why inactive
        since       TEXT    NOT NULL,            -- UTC ISO; digests due before this are not owed
        not_found   INTEGER NOT NULL DEFAULT 0,  -- consecutive "chat not found" sends
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL
    );
    CREATE TABLE digest_deliveries (
        id              INTEGER PRIMARY KEY,
        chat_id         INTEGER NOT NULL,
        digest_date     TEXT    NOT NULL,
        status          TEXT    NOT NULL
                        CHECK (status IN ('pending','sending','sent','uncertain','failed')),
        message_id      INTEGER,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL    NOT NULL DEFAULT 0,
        error           TEXT,
        updated_at      TEXT    NOT NULL,
        UNIQUE (chat_id, digest_date)
    );
    CREATE INDEX digest_deliveries_status ON digest_deliveries (status);
    """,
    """
    CREATE TABLE feeds (
        url            TEXT PRIMARY KEY,
        etag           TEXT,
        last_modified  TEXT,
        failures       INTEGER NOT NULL DEFAULT 0,
        next_poll_at   REAL    NOT NULL DEFAULT 0,
        last_ok_at     REAL,
        last_error     TEXT,
        last_status    INTEGER,
        entries_seen   INTEGER NOT NULL DEFAULT 0,
        articles_added INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_items (
        id       TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        added_at REAL NOT NULL
    );
    """,
)
