-- 0002: owners, handover date, readiness checklist and stage history on initiatives, optimistic
-- versions, a word index for name lookups, and career-fit profiles.
-- Only adds: every column is nullable or has a default, so rows written under 0001 stay as they are
-- (no owners, no handover date, empty checklist and history, version 0).
--
-- No statement here may return rows. Microsoft.Data.Sqlite treats one that does as a result set and
-- silently skips every statement after it, errors included, while DbUp journals the script as done.
-- That rules out ADD COLUMN with a CHECK constraint (SQLite checks existing rows with a query, so the
-- statement has a result column), which is why ops_owner_response is checked by the store
-- (StoredEnum), not by the schema. MigrationScriptTests checks every script for this.

ALTER TABLE initiatives ADD COLUMN project_owner_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN project_owner_name TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_name TEXT NULL;
-- 'pending', 'accepted' or 'declined', set exactly when ops_owner_id is
ALTER TABLE initiatives ADD COLUMN ops_owner_response TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_by_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_by_name TEXT NULL;
-- timestamps as in 0001: ISO 8601 round-trip ("O") in UTC
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_at TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_responded_at TEXT NULL;
-- yyyy-MM-dd, so text order is date order
ALTER TABLE initiatives ADD COLUMN handover_date TEXT NULL;
-- JSON arrays of small explicit records with snake_case enum names (like signals_json)
ALTER TABLE initiatives ADD COLUMN checklist_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE initiatives ADD COLUMN stage_history_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE initiatives ADD COLUMN parent_id TEXT NULL;
-- bumped by every stored change, compared by UpdateAsync
ALTER TABLE initiatives ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE INDEX ix_initiatives_tenant_handover_date
    ON initiatives (tenant_id, handover_date);

CREATE INDEX ix_initiatives_tenant_ops_owner
    ON initiatives (tenant_id, ops_owner_id);

CREATE INDEX ix_initiatives_tenant_project_owner
    ON initiatives (tenant_id, project_owner_id);

-- Only the initiatives still waiting for someone to run them, so that list never walks the whole
-- tenant. SqliteInitiativeStore.ListWithoutOperationsOwnerAsync repeats this WHERE word for word,
-- which is what lets SQLite use a partial index: change both together.
CREATE INDEX ix_initiatives_awaiting_ops_owner
    ON initiatives (tenant_id, handover_date, decided_at)
    WHERE (decision = 'project' OR is_mixed = 1)
      AND (ops_owner_id IS NULL OR ops_owner_response = 'declined')
      AND stage NOT IN ('in_operations', 'retired');

-- The words of each initiative name (NameWords.Of), for prefix lookups by range on the primary key.
-- WITHOUT ROWID: the primary key is the table, so a lookup reads nothing else.
CREATE TABLE initiative_name_words (
    tenant_id     TEXT NOT NULL,
    word          TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, word, initiative_id)
) WITHOUT ROWID;

-- An initiative's words by its id: to replace them on a rename, and for lookups that compare a few
-- candidates' words with every prefix.
CREATE INDEX ix_initiative_name_words_initiative
    ON initiative_name_words (tenant_id, initiative_id);

-- Words for the rows that already exist. Splitting a name into words is C# (NameWords.Of), so
-- SqliteMigrator registers it on its connection as the SQL function pmopsbot_name_words(name),
-- which returns the words as a JSON array. Doing it here, rather than in a separate step after the
-- migration, makes the backfill part of this script's transaction: it commits with the new tables
-- and the journal entry, or not at all, and it can never run twice or be skipped by a crash.
-- (Run by hand, outside SqliteMigrator, this statement fails with "no such function".)
INSERT OR IGNORE INTO initiative_name_words (tenant_id, word, initiative_id)
SELECT initiatives.tenant_id, words.value, initiatives.id
FROM initiatives, json_each(pmopsbot_name_words(initiatives.name)) AS words;

-- A person's career-fit answers (question id to option key) as a JSON object.
CREATE TABLE career_profiles (
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
