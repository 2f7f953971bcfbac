-- Schema 2: the ledger remembers every accepted draft, whatever it consumed, with its
-- submitter and its result; counts are written by the gate's own statements (the same in
-- both databases), not by triggers. Every consumption of schema 1 becomes an accepted
-- draft; the gate fills in its submitter and result from the spool's result file.
CREATE TABLE accepted_draft (
    partner_tenant_id TEXT NOT NULL,
    draft_id TEXT NOT NULL,
    submitter_uid INTEGER,
    draft_sha256 TEXT NOT NULL,
    decision_id TEXT NOT NULL UNIQUE,
    decided_at TEXT NOT NULL,
    entitlement_id TEXT,
    gate TEXT,
    result TEXT,
    released_at TEXT,
    release_reason TEXT,
    PRIMARY KEY (partner_tenant_id, draft_id)
);
CREATE INDEX accepted_draft_by_age ON accepted_draft (decided_at);
CREATE INDEX accepted_draft_consumptions ON accepted_draft (partner_tenant_id, entitlement_id) WHERE entitlement_id IS NOT NULL;
INSERT INTO accepted_draft (partner_tenant_id, draft_id, draft_sha256, decision_id, decided_at, entitlement_id, released_at, release_reason)
    SELECT partner_tenant_id, draft_id, draft_sha256, decision_id, consumed_at, entitlement_id, released_at, release_reason FROM consumption;
DROP TRIGGER consumption_counted;
DROP TRIGGER consumption_released;
DROP TRIGGER consumption_forgotten;
DROP TABLE consumption;
DELETE FROM entitlement_use;
INSERT INTO entitlement_use
    SELECT partner_tenant_id, entitlement_id, COUNT(*) FROM accepted_draft
    WHERE entitlement_id IS NOT NULL AND released_at IS NULL GROUP BY 1, 2;
CREATE TABLE spool_import (
    gate TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL
);
