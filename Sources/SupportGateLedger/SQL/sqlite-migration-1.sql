-- Schema 1: the ledger as supportgate 0.19.0 shipped it. A consumption per draft id that
-- used an incident; entitlement_use counted by triggers.
CREATE TABLE consumption (
    partner_tenant_id TEXT NOT NULL,
    draft_id TEXT NOT NULL,
    entitlement_id TEXT NOT NULL,
    decision_id TEXT NOT NULL UNIQUE,
    draft_sha256 TEXT NOT NULL,
    consumed_at TEXT NOT NULL,
    claim TEXT,
    released_at TEXT,
    release_reason TEXT,
    PRIMARY KEY (partner_tenant_id, draft_id)
);
CREATE INDEX consumption_by_claim ON consumption (claim) WHERE claim IS NOT NULL;
CREATE TABLE entitlement_use (
    partner_tenant_id TEXT NOT NULL,
    entitlement_id TEXT NOT NULL,
    in_use INTEGER NOT NULL,
    PRIMARY KEY (partner_tenant_id, entitlement_id)
) WITHOUT ROWID;
CREATE TRIGGER consumption_counted AFTER INSERT ON consumption WHEN NEW.released_at IS NULL BEGIN
    INSERT INTO entitlement_use VALUES (NEW.partner_tenant_id, NEW.entitlement_id, 1)
        ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = in_use + 1;
END;
CREATE TRIGGER consumption_released AFTER UPDATE OF released_at ON consumption
    WHEN OLD.released_at IS NULL AND NEW.released_at IS NOT NULL BEGIN
    UPDATE entitlement_use SET in_use = in_use - 1
        WHERE partner_tenant_id = OLD.partner_tenant_id AND entitlement_id = OLD.entitlement_id;
END;
CREATE TRIGGER consumption_forgotten AFTER DELETE ON consumption WHEN OLD.released_at IS NULL BEGIN
    UPDATE entitlement_use SET in_use = in_use - 1
        WHERE partner_tenant_id = OLD.partner_tenant_id AND entitlement_id = OLD.entitlement_id;
END;
