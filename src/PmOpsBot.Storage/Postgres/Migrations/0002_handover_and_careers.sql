-- 0002: owners, handover date, readiness checklist and stage history on initiatives, optimistic
-- versions, a word index for name lookups, and career-fit profiles. Only adds.

ALTER TABLE initiatives ADD COLUMN project_owner_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN project_owner_name TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_name TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_response TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_by_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_by_name TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_assigned_at TEXT NULL;
ALTER TABLE initiatives ADD COLUMN ops_owner_responded_at TEXT NULL;
ALTER TABLE initiatives ADD COLUMN handover_date TEXT NULL;
ALTER TABLE initiatives ADD COLUMN checklist_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE initiatives ADD COLUMN stage_history_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE initiatives ADD COLUMN parent_id TEXT NULL;
ALTER TABLE initiatives ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE INDEX ix_initiatives_tenant_handover_date
    ON initiatives (tenant_id, handover_date);

CREATE INDEX ix_initiatives_tenant_ops_owner
    ON initiatives (tenant_id, ops_owner_id);

CREATE INDEX ix_initiatives_tenant_project_owner
    ON initiatives (tenant_id, project_owner_id);

-- Same partial index as SQLite's; the store's WHERE repeats it word for word.
CREATE INDEX ix_initiatives_awaiting_ops_owner
    ON initiatives (tenant_id, handover_date, decided_at)
    WHERE (decision = 'project' OR is_mixed = 1)
      AND (ops_owner_id IS NULL OR ops_owner_response = 'declined')
      AND stage NOT IN ('in_operations', 'retired');

-- The words of each initiative name (NameWords.Of), for prefix lookups by range on the primary key.
-- COLLATE "C": prefix ranges (word >= 'abc' AND word < 'abd') must follow byte order, whatever the
-- database's default collation.
CREATE TABLE initiative_name_words (
    tenant_id     TEXT NOT NULL,
    word          TEXT COLLATE "C" NOT NULL,
    initiative_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, word, initiative_id)
);

CREATE INDEX ix_initiative_name_words_initiative
    ON initiative_name_words (tenant_id, initiative_id);

-- No backfill here, unlike SQLite's 0002: a PostgreSQL database starts empty under this history.

CREATE TABLE career_profiles (
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
