-- Schema 3: the ledger as supportgate 0.19.0 shipped it: a consumption per draft id that
-- used an incident, the counts per entitlement, a batch's consumptions in one call, and
-- every draft id a gate decided (decided_draft).
CREATE TABLE consumption (
    partner_tenant_id text NOT NULL,
    draft_id text NOT NULL,
    entitlement_id text NOT NULL,
    decision_id text NOT NULL UNIQUE,
    draft_sha256 text NOT NULL,
    consumed_at text NOT NULL,
    claim text,
    released_at text,
    release_reason text,
    PRIMARY KEY (partner_tenant_id, draft_id)
);
CREATE INDEX consumption_by_claim ON consumption (claim) WHERE claim IS NOT NULL;
CREATE TABLE entitlement_use (
    partner_tenant_id text NOT NULL,
    entitlement_id text NOT NULL,
    in_use integer NOT NULL CHECK (in_use >= 0),
    PRIMARY KEY (partner_tenant_id, entitlement_id)
);
CREATE TABLE decided_draft (
    partner_tenant_id text NOT NULL,
    draft_id text NOT NULL,
    draft_sha256 text NOT NULL,
    submitter_uid bigint,
    gate text NOT NULL,
    claim text NOT NULL,
    decision_id text,
    accepted boolean,
    result text,
    decided_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_tenant_id, draft_id)
);
CREATE INDEX decided_draft_by_age ON decided_draft (decided_at);
CREATE OR REPLACE FUNCTION supportgate_consume_all(p_partner text[], p_entitlement text[], p_decision text[], p_draft text[],
                                                   p_sha text[], p_at text[], p_claim text[], p_allowance integer[])
RETURNS TABLE (ordinal integer, outcome text, used integer) LANGUAGE plpgsql AS $$
DECLARE
    v_partners text[];
    v_entitlements text[];
    v_keys text[];
    v_used integer[];
    v_added integer[];
    v_slot integer;
    v_sha text;
    v_released boolean;
BEGIN
    WITH locked AS (
        INSERT INTO entitlement_use AS e
        SELECT DISTINCT k.partner, k.entitlement, 0 FROM unnest(p_partner, p_entitlement) AS k(partner, entitlement) ORDER BY 1, 2
        ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = e.in_use
        RETURNING e.partner_tenant_id, e.entitlement_id, e.in_use)
    SELECT array_agg(l.partner_tenant_id), array_agg(l.entitlement_id), array_agg(l.partner_tenant_id || chr(10) || l.entitlement_id),
           array_agg(l.in_use), array_agg(0)
        INTO v_partners, v_entitlements, v_keys, v_used, v_added FROM locked l;
    FOR i IN 1 .. coalesce(array_length(p_partner, 1), 0) LOOP
        v_slot := array_position(v_keys, p_partner[i] || chr(10) || p_entitlement[i]);
        SELECT c.draft_sha256, c.released_at IS NOT NULL INTO v_sha, v_released FROM consumption c
            WHERE c.partner_tenant_id = p_partner[i] AND c.draft_id = p_draft[i] FOR UPDATE;
        IF FOUND THEN
            IF v_sha <> p_sha[i] THEN
                outcome := 'other-bytes';
            ELSE
                IF NOT v_released THEN
                    UPDATE consumption c SET decision_id = p_decision[i] WHERE c.partner_tenant_id = p_partner[i] AND c.draft_id = p_draft[i];
                END IF;
                outcome := 'already';
            END IF;
        ELSIF p_allowance[i] IS NOT NULL AND v_used[v_slot] >= p_allowance[i] THEN
            outcome := 'exhausted';
        ELSE
            INSERT INTO consumption (partner_tenant_id, draft_id, entitlement_id, decision_id, draft_sha256, consumed_at, claim)
                VALUES (p_partner[i], p_draft[i], p_entitlement[i], p_decision[i], p_sha[i], p_at[i], p_claim[i]);
            outcome := 'consumed';
        END IF;
        ordinal := i;
        used := v_used[v_slot];
        RETURN NEXT;
        IF outcome = 'consumed' THEN
            v_used[v_slot] := v_used[v_slot] + 1;
            v_added[v_slot] := v_added[v_slot] + 1;
        END IF;
    END LOOP;
    UPDATE entitlement_use e SET in_use = e.in_use + a.added
        FROM unnest(v_partners, v_entitlements, v_added) AS a(partner, entitlement, added)
        WHERE e.partner_tenant_id = a.partner AND e.entitlement_id = a.entitlement AND a.added > 0;
END
$$
;
