-- The ledger's statements on SQLite. Each transaction is BEGIN IMMEDIATE: it holds the
-- database's one write lock, so nothing it reads can change before it commits.

-- name: accepted-draft
SELECT partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result, released_at, release_reason
FROM accepted_draft WHERE partner_tenant_id = ?1 AND draft_id = ?2;

-- name: in-use
SELECT in_use FROM entitlement_use WHERE partner_tenant_id = ?1 AND entitlement_id = ?2;

-- name: in-use-of-partner
SELECT entitlement_id, in_use FROM entitlement_use WHERE partner_tenant_id = ?1 AND in_use > 0;

-- name: insert
INSERT INTO accepted_draft (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: add-to-count
INSERT INTO entitlement_use (partner_tenant_id, entitlement_id, in_use) VALUES (?1, ?2, ?3)
ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = in_use + excluded.in_use;

-- name: release
UPDATE accepted_draft SET released_at = ?2, release_reason = ?3
WHERE decision_id = ?1 AND entitlement_id IS NOT NULL AND released_at IS NULL
RETURNING partner_tenant_id, entitlement_id;

-- name: by-decision
SELECT partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result, released_at, release_reason
FROM accepted_draft WHERE decision_id = ?1;

-- name: recent
SELECT partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result, released_at, release_reason
FROM accepted_draft WHERE partner_tenant_id = ?1 AND entitlement_id IS NOT NULL AND (?2 IS NULL OR entitlement_id = ?2)
ORDER BY decided_at DESC, decision_id DESC LIMIT ?3;

-- name: partners
SELECT DISTINCT partner_tenant_id FROM accepted_draft ORDER BY 1;

-- name: prune
DELETE FROM accepted_draft WHERE rowid IN (SELECT rowid FROM accepted_draft WHERE decided_at < ?1 LIMIT ?2);

-- name: import
INSERT INTO accepted_draft (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8)
ON CONFLICT (partner_tenant_id, draft_id) DO UPDATE SET
    submitter_uid = coalesce(accepted_draft.submitter_uid, excluded.submitter_uid),
    result = coalesce(accepted_draft.result, excluded.result),
    gate = coalesce(accepted_draft.gate, excluded.gate)
WHERE accepted_draft.draft_sha256 = excluded.draft_sha256 AND (accepted_draft.submitter_uid IS NULL OR accepted_draft.result IS NULL);

-- name: imported
SELECT imported_at FROM spool_import WHERE gate = ?1;

-- name: mark-imported
INSERT INTO spool_import (gate, imported_at) VALUES (?1, ?2) ON CONFLICT (gate) DO NOTHING;
