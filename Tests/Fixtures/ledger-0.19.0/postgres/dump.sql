--
-- PostgreSQL database dump
--

\restrict GJSeq7QVMtmDfmgQQO1bj5xH8YWJFQSevfiIiPHoLddhqh92kGvysq0jNLH3wJl

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: supportgate_consume_all(text[], text[], text[], text[], text[], text[], text[], integer[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.supportgate_consume_all(p_partner text[], p_entitlement text[], p_decision text[], p_draft text[], p_sha text[], p_at text[], p_claim text[], p_allowance integer[]) RETURNS TABLE(ordinal integer, outcome text, used integer)
    LANGUAGE plpgsql
    AS $$
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
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: consumption; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consumption (
    partner_tenant_id text NOT NULL,
    draft_id text NOT NULL,
    entitlement_id text NOT NULL,
    decision_id text NOT NULL,
    draft_sha256 text NOT NULL,
    consumed_at text NOT NULL,
    claim text,
    released_at text,
    release_reason text
);


--
-- Name: decided_draft; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.decided_draft (
    partner_tenant_id text NOT NULL,
    draft_id text NOT NULL,
    draft_sha256 text NOT NULL,
    submitter_uid bigint,
    gate text NOT NULL,
    claim text NOT NULL,
    decision_id text,
    accepted boolean,
    result text,
    decided_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: entitlement_use; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.entitlement_use (
    partner_tenant_id text NOT NULL,
    entitlement_id text NOT NULL,
    in_use integer NOT NULL,
    CONSTRAINT entitlement_use_in_use_check CHECK ((in_use >= 0))
);


--
-- Name: supportgate_schema; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supportgate_schema (
    version integer NOT NULL
);


--
-- Data for Name: consumption; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-1', 'contoso-premier-2026', 'a7235e9b-d4f4-60db-bec4-62965e3be92c', '4f22bc5a4f12ee5fcafc23f293541254addbecf472a2d59f5fba0446cf037c0c', '2026-12-07T16:20:45.431Z', 'vm:/tmp/fx-pg/spool/1796660445190620-own-premier-1.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-2', 'contoso-premier-2026', '15e19dd9-537a-6c4c-963f-fab81a8687ab', '2e3937a2e02d5707512bd8f1a589281213b8dba32b8c18cf0a4b87f23aee97f8', '2026-12-07T16:20:45.438Z', 'vm:/tmp/fx-pg/spool/1796660445190621-own-premier-2.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-unified-1', 'contoso-unified-2026', '71c0d08c-8e71-95c1-c78b-a54155f73f09', '2f4314efedb941b761a0613feb9de9959c49a8321df8d7393ee717dfc6679cc8', '2026-12-07T16:20:45.483Z', 'vm:/tmp/fx-pg/spool/1796660445190623-own-unified-1.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'customer-azure-mpn', 'contoso-mpn-benefit', '01f58d6b-5335-27a4-7feb-82fd88d8a2c7', '33ee9fd051fab17581b93258f38ec2e90dfdfc997ae2c013a1861c28ea830ef8', '2026-12-07T16:20:45.483Z', 'vm:/tmp/fx-pg/spool/1796660445190624-customer-azure-mpn.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-support-plan', 'contoso-azure-standard-prod', 'a8ad0aec-9aff-0808-8f9c-04f393dfdb80', '4a8b61820a3eadf9e461d9481d9de02fc552e8b5f2d674106e98494e68df1d60', '2026-12-07T16:20:45.483Z', 'vm:/tmp/fx-pg/spool/1796660445190625-own-support-plan.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-unified-2', 'contoso-unified-2026', 'aba99bbe-6966-119a-b960-010017d95b6d', '132c511d3161559a7d55d587799ee1025c758cc86f9ae18ac79328051785f5e3', '2026-12-07T16:20:45.637Z', 'vm:/tmp/fx-pg/spool/1796660445190631-own-unified-2.json', NULL, NULL);
INSERT INTO public.consumption VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-released', 'contoso-premier-2026', '4348a191-0ebb-3417-2ee8-ae8c770efca8', '743aaadb6b64765d91b1aa40d978e9fb7537aef43b06cc0022aad90e3cfc7bad', '2026-12-07T16:20:45.483Z', 'vm:/tmp/fx-pg/spool/1796660445190622-own-premier-released.json', '2026-12-07T16:20:48.106Z', 'filed by mistake');


--
-- Data for Name: decided_draft; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-1', '4f22bc5a4f12ee5fcafc23f293541254addbecf472a2d59f5fba0446cf037c0c', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190620-own-premier-1.json', 'a7235e9b-d4f4-60db-bec4-62965e3be92c', true, '{"apiVersion":"supportgate/v1","draftId":"own-premier-1","decisionId":"a7235e9b-d4f4-60db-bec4-62965e3be92c","decision":"accept","decidedAt":"2026-12-07T16:20:45.431Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"4f22bc5a4f12ee5fcafc23f293541254addbecf472a2d59f5fba0446cf037c0c","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1001,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.431Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"premier","entitlementId":"contoso-premier-2026","incidentsLeft":19}}', '2026-12-07 16:20:45.475051+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-2', '2e3937a2e02d5707512bd8f1a589281213b8dba32b8c18cf0a4b87f23aee97f8', 1011, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190621-own-premier-2.json', '15e19dd9-537a-6c4c-963f-fab81a8687ab', true, '{"apiVersion":"supportgate/v1","draftId":"own-premier-2","decisionId":"15e19dd9-537a-6c4c-963f-fab81a8687ab","decision":"accept","decidedAt":"2026-12-07T16:20:45.438Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"2e3937a2e02d5707512bd8f1a589281213b8dba32b8c18cf0a4b87f23aee97f8","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1011,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.438Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"premier","entitlementId":"contoso-premier-2026","incidentsLeft":18}}', '2026-12-07 16:20:45.483256+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'billing-own', 'fe37ad6fdc04b61f0609ff5d7590c7cb0d0d91de201eff023aab184f860c8c1f', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190626-billing-own.json', '6fdb8a30-05f1-3c21-c770-ec5e74037210', true, '{"apiVersion":"supportgate/v1","draftId":"billing-own","decisionId":"6fdb8a30-05f1-3c21-c770-ec5e74037210","decision":"accept","decidedAt":"2026-12-07T16:20:45.483Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"fe37ad6fdc04b61f0609ff5d7590c7cb0d0d91de201eff023aab184f860c8c1f","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1001,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-08T00:20:45.483Z","sla":{"minutes":480,"clock":"business-hours","basis":"billing request: one business day (480 business minutes) of calendar \"redmond\" (America/Los_Angeles)"},"billing":{"charged":false,"coveredBy":"free-billing-support"}}', '2026-12-07 16:20:45.489588+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-support-plan', '4a8b61820a3eadf9e461d9481d9de02fc552e8b5f2d674106e98494e68df1d60', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190625-own-support-plan.json', 'a8ad0aec-9aff-0808-8f9c-04f393dfdb80', true, '{"apiVersion":"supportgate/v1","draftId":"own-support-plan","decisionId":"a8ad0aec-9aff-0808-8f9c-04f393dfdb80","decision":"accept","decidedAt":"2026-12-07T16:20:45.483Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"4a8b61820a3eadf9e461d9481d9de02fc552e8b5f2d674106e98494e68df1d60","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1001,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.483Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"azure-support-plan","entitlementId":"contoso-azure-standard-prod"}}', '2026-12-07 16:20:45.489588+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'customer-azure-mpn', '33ee9fd051fab17581b93258f38ec2e90dfdfc997ae2c013a1861c28ea830ef8', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190624-customer-azure-mpn.json', '01f58d6b-5335-27a4-7feb-82fd88d8a2c7', true, '{"apiVersion":"supportgate/v1","draftId":"customer-azure-mpn","decisionId":"01f58d6b-5335-27a4-7feb-82fd88d8a2c7","decision":"accept","decidedAt":"2026-12-07T16:20:45.483Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"33ee9fd051fab17581b93258f38ec2e90dfdfc997ae2c013a1861c28ea830ef8","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","customerTenantId":"7a115000-0000-4000-8000-00000000c001","submitterUid":1001,"context":"customer","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.483Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"mpn-contract","entitlementId":"contoso-mpn-benefit","incidentsLeft":4}}', '2026-12-07 16:20:45.489588+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-premier-released', '743aaadb6b64765d91b1aa40d978e9fb7537aef43b06cc0022aad90e3cfc7bad', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190622-own-premier-released.json', '4348a191-0ebb-3417-2ee8-ae8c770efca8', true, '{"apiVersion":"supportgate/v1","draftId":"own-premier-released","decisionId":"4348a191-0ebb-3417-2ee8-ae8c770efca8","decision":"accept","decidedAt":"2026-12-07T16:20:45.483Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"743aaadb6b64765d91b1aa40d978e9fb7537aef43b06cc0022aad90e3cfc7bad","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1001,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.483Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"premier","entitlementId":"contoso-premier-2026","incidentsLeft":17}}', '2026-12-07 16:20:45.489588+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-unified-1', '2f4314efedb941b761a0613feb9de9959c49a8321df8d7393ee717dfc6679cc8', 1011, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190623-own-unified-1.json', '71c0d08c-8e71-95c1-c78b-a54155f73f09', true, '{"apiVersion":"supportgate/v1","draftId":"own-unified-1","decisionId":"71c0d08c-8e71-95c1-c78b-a54155f73f09","decision":"accept","decidedAt":"2026-12-07T16:20:45.483Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"2f4314efedb941b761a0613feb9de9959c49a8321df8d7393ee717dfc6679cc8","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1011,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.483Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"unified","entitlementId":"contoso-unified-2026","incidentsLeft":1}}', '2026-12-07 16:20:45.489588+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'customer-office365', '73d4ddc4770d201043c8bd2feb6b8191dac68ab0e6f4ef256523e51900345254', 1011, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190627-customer-office365.json', 'cbaa3bca-9adb-fd40-4598-761d9732b1c7', true, '{"apiVersion":"supportgate/v1","draftId":"customer-office365","decisionId":"cbaa3bca-9adb-fd40-4598-761d9732b1c7","decision":"accept","decidedAt":"2026-12-07T16:20:45.489Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"73d4ddc4770d201043c8bd2feb6b8191dac68ab0e6f4ef256523e51900345254","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","customerTenantId":"600d9000-0000-4000-8000-00000000c003","submitterUid":1011,"context":"customer","errors":[],"warnings":[],"severity":"A","firstResponseDue":"2026-12-07T18:20:45.489Z","sla":{"minutes":120,"clock":"24x7","basis":"severity A break-fix in English: 120 minutes around the clock"},"billing":{"charged":false,"coveredBy":"csp-included"}}', '2026-12-07 16:20:45.495961+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'customer-quota', 'b8ab339e533bc0d56c426e046eb2ed600dee8e866d04d1e5f79124b663d699ab', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190628-customer-quota.json', 'f1174dac-4af4-ec30-4bc6-7e5092179ea4', true, '{"apiVersion":"supportgate/v1","draftId":"customer-quota","decisionId":"f1174dac-4af4-ec30-4bc6-7e5092179ea4","decision":"accept","decidedAt":"2026-12-07T16:20:45.500Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"b8ab339e533bc0d56c426e046eb2ed600dee8e866d04d1e5f79124b663d699ab","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","customerTenantId":"600d9000-0000-4000-8000-00000000c003","submitterUid":1001,"context":"customer","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-08T00:20:45.500Z","sla":{"minutes":480,"clock":"business-hours","basis":"quota request: one business day (480 business minutes) of calendar \"redmond\" (America/Los_Angeles)"},"billing":{"charged":false,"coveredBy":"csp-included"}}', '2026-12-07 16:20:45.501116+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'customer-via-portal', '85a714aa7aaf2513d5c99a7cee521095796e991785d9e2a46d232eb4fa29c712', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190629-customer-via-portal.json', 'befbd2f7-ef55-df77-8e4d-baa723008cea', false, '{"apiVersion":"supportgate/v1","draftId":"customer-via-portal","decisionId":"befbd2f7-ef55-df77-8e4d-baa723008cea","decision":"reject","decidedAt":"2026-12-07T16:20:45.507Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"85a714aa7aaf2513d5c99a7cee521095796e991785d9e2a46d232eb4fa29c712","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","customerTenantId":"7a115000-0000-4000-8000-00000000c001","submitterUid":1001,"context":"customer","errors":[{"code":"WRONG_SIGNIN_CONTEXT","message":"a request for a customer was opened via azure-portal; signing in to that portal directly puts you in your own tenant''s context","field":"/via","rule":"3.signin-context","remedy":"Open customer requests through Partner Center (\"via\": \"partner-center\")."}],"warnings":[],"severity":"B","billing":{"charged":false,"coveredBy":"mpn-contract","entitlementId":"contoso-mpn-benefit"}}', '2026-12-07 16:20:45.508028+00');
INSERT INTO public.decided_draft VALUES ('fab00000-0000-4000-8000-000000000003', 'billing-own', '908da8b7b58c7d7c10d1b8554a470c471d9dabfff3224ca11bc296cc40031836', 1003, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190630-fabrikam-billing-own.json', 'f8440f05-9734-c19e-c20c-6f57e94a8370', true, '{"apiVersion":"supportgate/v1","draftId":"billing-own","decisionId":"f8440f05-9734-c19e-c20c-6f57e94a8370","decision":"accept","decidedAt":"2026-12-07T16:20:45.513Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"908da8b7b58c7d7c10d1b8554a470c471d9dabfff3224ca11bc296cc40031836","partnerTenantId":"fab00000-0000-4000-8000-000000000003","submitterUid":1003,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-08T16:00:00Z","sla":{"minutes":480,"clock":"business-hours","basis":"billing request: one business day (480 business minutes) of calendar \"berlin\" (Europe/Berlin)"},"billing":{"charged":false,"coveredBy":"free-billing-support"}}', '2026-12-07 16:20:45.514897+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-unified-2', '132c511d3161559a7d55d587799ee1025c758cc86f9ae18ac79328051785f5e3', 1011, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190631-own-unified-2.json', 'aba99bbe-6966-119a-b960-010017d95b6d', true, '{"apiVersion":"supportgate/v1","draftId":"own-unified-2","decisionId":"aba99bbe-6966-119a-b960-010017d95b6d","decision":"accept","decidedAt":"2026-12-07T16:20:45.637Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"132c511d3161559a7d55d587799ee1025c758cc86f9ae18ac79328051785f5e3","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1011,"context":"own-tenant","errors":[],"warnings":[],"severity":"B","firstResponseDue":"2026-12-07T20:20:45.637Z","sla":{"minutes":240,"clock":"24x7","basis":"severity B break-fix in English: 240 minutes around the clock"},"billing":{"charged":false,"coveredBy":"unified","entitlementId":"contoso-unified-2026","incidentsLeft":0}}', '2026-12-07 16:20:45.638623+00');
INSERT INTO public.decided_draft VALUES ('c0a70500-0000-4000-8000-000000000001', 'own-unified-3', '18598405abf84ea755d4168aa371c2e5f18392ad84c1ef7313737a7ab010c16d', 1001, 'vm:/tmp/fx-pg/spool/', 'vm:/tmp/fx-pg/spool/1796660445190632-own-unified-3.json', '3c7dcf3c-e2fb-9f55-97b9-66ee58c5967a', false, '{"apiVersion":"supportgate/v1","draftId":"own-unified-3","decisionId":"3c7dcf3c-e2fb-9f55-97b9-66ee58c5967a","decision":"reject","decidedAt":"2026-12-07T16:20:45.752Z","configRevision":"sha256:a8cad28a68396b3a2cb88e5173a87a8e89da84a60d423eefedc52c567973dee3","draftSha256":"18598405abf84ea755d4168aa371c2e5f18392ad84c1ef7313737a7ab010c16d","partnerTenantId":"c0a70500-0000-4000-8000-000000000001","submitterUid":1001,"context":"own-tenant","errors":[{"code":"ENTITLEMENT_EXHAUSTED","message":"entitlement \"contoso-unified-2026\" has no incidents left (2 of 2 in use)","field":"/entitlement","rule":"8.entitlement","remedy":"Buy more incidents, or claim another entitlement."}],"warnings":[],"severity":"B"}', '2026-12-07 16:20:45.753056+00');


--
-- Data for Name: entitlement_use; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.entitlement_use VALUES ('c0a70500-0000-4000-8000-000000000001', 'contoso-azure-standard-prod', 1);
INSERT INTO public.entitlement_use VALUES ('c0a70500-0000-4000-8000-000000000001', 'contoso-mpn-benefit', 1);
INSERT INTO public.entitlement_use VALUES ('c0a70500-0000-4000-8000-000000000001', 'contoso-unified-2026', 2);
INSERT INTO public.entitlement_use VALUES ('c0a70500-0000-4000-8000-000000000001', 'contoso-premier-2026', 2);


--
-- Data for Name: supportgate_schema; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.supportgate_schema VALUES (3);


--
-- Name: consumption consumption_decision_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consumption
    ADD CONSTRAINT consumption_decision_id_key UNIQUE (decision_id);


--
-- Name: consumption consumption_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consumption
    ADD CONSTRAINT consumption_pkey PRIMARY KEY (partner_tenant_id, draft_id);


--
-- Name: decided_draft decided_draft_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decided_draft
    ADD CONSTRAINT decided_draft_pkey PRIMARY KEY (partner_tenant_id, draft_id);


--
-- Name: entitlement_use entitlement_use_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.entitlement_use
    ADD CONSTRAINT entitlement_use_pkey PRIMARY KEY (partner_tenant_id, entitlement_id);


--
-- Name: consumption_by_claim; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX consumption_by_claim ON public.consumption USING btree (claim) WHERE (claim IS NOT NULL);


--
-- Name: decided_draft_by_age; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX decided_draft_by_age ON public.decided_draft USING btree (decided_at);


--
-- PostgreSQL database dump complete
--

\unrestrict GJSeq7QVMtmDfmgQQO1bj5xH8YWJFQSevfiIiPHoLddhqh92kGvysq0jNLH3wJl

