-- The ledger's statements on PostgreSQL, several gates at once. A batch locks the draft ids
-- it looks up (advisory locks, in one order for every gate), then the counters of the
-- entitlements it consumes (upserted in key order): a gate that records the same draft id
-- or consumes the same entitlement waits until this one commits, and then sees its rows.

-- name: lock-draft-ids
SELECT pg_advisory_xact_lock(h) FROM (
    SELECT DISTINCT hashtextextended(k.partner || chr(10) || k.draft, 7261776514) AS h
    FROM unnest($1::text[], $2::text[]) AS k(partner, draft) ORDER BY 1) AS ordered;

-- name: accepted-drafts
SELECT a.partner_tenant_id, a.draft_id, a.submitter_uid, a.draft_sha256, a.decision_id, a.decided_at, a.entitlement_id, a.gate, a.result,
       a.released_at, a.release_reason
FROM accepted_draft a JOIN unnest($1::text[], $2::text[]) AS k(partner, draft) ON a.partner_tenant_id = k.partner AND a.draft_id = k.draft;

-- name: lock-counts
INSERT INTO entitlement_use AS e
SELECT DISTINCT k.partner, k.entitlement, 0 FROM unnest($1::text[], $2::text[]) AS k(partner, entitlement) ORDER BY 1, 2
ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = e.in_use
RETURNING e.partner_tenant_id, e.entitlement_id, e.in_use;

-- name: in-use-of-partner
SELECT entitlement_id, in_use FROM entitlement_use WHERE partner_tenant_id = $1 AND in_use > 0;

-- name: insert
INSERT INTO accepted_draft (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result)
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]);

-- name: add-to-counts
UPDATE entitlement_use e SET in_use = e.in_use + a.added
FROM unnest($1::text[], $2::text[], $3::integer[]) AS a(partner, entitlement, added)
WHERE e.partner_tenant_id = a.partner AND e.entitlement_id = a.entitlement;

-- name: release
UPDATE accepted_draft SET released_at = $2, release_reason = $3
WHERE decision_id = $1 AND entitlement_id IS NOT NULL AND released_at IS NULL
RETURNING partner_tenant_id, entitlement_id;

-- name: by-decision
SELECT partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result, released_at, release_reason
FROM accepted_draft WHERE decision_id = $1;

-- name: recent
SELECT partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, entitlement_id, gate, result, released_at, release_reason
FROM accepted_draft WHERE partner_tenant_id = $1 AND entitlement_id IS NOT NULL AND ($2::text IS NULL OR entitlement_id = $2)
ORDER BY decided_at DESC, decision_id DESC LIMIT $3::integer;

-- name: partners
SELECT DISTINCT partner_tenant_id FROM accepted_draft ORDER BY 1;

-- name: prune
WITH removed AS (DELETE FROM accepted_draft WHERE ctid IN (
    SELECT ctid FROM accepted_draft WHERE decided_at < $1 LIMIT $2::integer) RETURNING 1)
SELECT count(*) FROM removed;

-- name: import
INSERT INTO accepted_draft AS a (partner_tenant_id, draft_id, submitter_uid, draft_sha256, decision_id, decided_at, gate, result)
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
ON CONFLICT (partner_tenant_id, draft_id) DO UPDATE SET
    submitter_uid = coalesce(a.submitter_uid, excluded.submitter_uid),
    result = coalesce(a.result, excluded.result),
    gate = coalesce(a.gate, excluded.gate)
WHERE a.draft_sha256 = excluded.draft_sha256 AND (a.submitter_uid IS NULL OR a.result IS NULL);

-- name: imported
SELECT imported_at FROM spool_import WHERE gate = $1;

-- name: mark-imported
INSERT INTO spool_import (gate, imported_at) VALUES ($1, $2) ON CONFLICT (gate) DO NOTHING;
