-- Schema 4: the ledger remembers every accepted draft, whatever it consumed, with its
-- submitter and its result: one table for what 0.19.0 kept in consumption (incidents) and
-- decided_draft (every gate's decisions). Counts are written by the gate's own statements,
-- the same in both databases; the batch function of schema 3 goes. Rejections are not
-- kept: under schema 4 a rejected draft takes nothing and is decided anew.
CREATE TABLE accepted_draft (
    partner_tenant_id text NOT NULL,
    draft_id text NOT NULL,
    submitter_uid bigint,
    draft_sha256 text NOT NULL,
    decision_id text NOT NULL UNIQUE,
    decided_at text NOT NULL,
    entitlement_id text,
    gate text,
    result text,
    released_at text,
    release_reason text,
    PRIMARY KEY (partner_tenant_id, draft_id)
);
CREATE INDEX accepted_draft_by_age ON accepted_draft (decided_at);
CREATE INDEX accepted_draft_consumptions ON accepted_draft (partner_tenant_id, entitlement_id) WHERE entitlement_id IS NOT NULL;
INSERT INTO accepted_draft (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result,
                            released_at, release_reason)
    SELECT c.partner_tenant_id, c.draft_id, d.submitter_uid, c.draft_sha256, c.decision_id, c.consumed_at, c.entitlement_id, d.gate,
           CASE WHEN d.accepted AND d.draft_sha256 = c.draft_sha256 THEN d.result END, c.released_at, c.release_reason
    FROM consumption c LEFT JOIN decided_draft d ON d.partner_tenant_id = c.partner_tenant_id AND d.draft_id = c.draft_id;
INSERT INTO accepted_draft (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, gate, result)
    SELECT d.partner_tenant_id, d.draft_id, d.submitter_uid, d.draft_sha256, d.decision_id,
           to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), d.gate, d.result
    FROM decided_draft d
    WHERE d.accepted AND d.decision_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM consumption c WHERE c.partner_tenant_id = d.partner_tenant_id AND c.draft_id = d.draft_id);
DROP FUNCTION IF EXISTS supportgate_consume_all(text[], text[], text[], text[], text[], text[], text[], integer[]);
DROP TABLE decided_draft;
DROP TABLE consumption;
DELETE FROM entitlement_use;
INSERT INTO entitlement_use
    SELECT partner_tenant_id, entitlement_id, count(*) FROM accepted_draft
    WHERE entitlement_id IS NOT NULL AND released_at IS NULL GROUP BY 1, 2;
CREATE TABLE spool_import (
    gate text PRIMARY KEY,
    imported_at text NOT NULL
);
