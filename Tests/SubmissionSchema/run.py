#!/usr/bin/env python3
"""The independent check of what the gate submits: every accepted example and a
generated corpus of accepted drafts of every category, decided by the real
`supportgate check`, and each submission validated against the published API
description of the api-version its path names (see submission_check.py).

    Tests/SubmissionSchema/run.py --bin .build/debug/supportgate

Prints one line per failure and ends with "submission-schema: N passed, M failed".
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import corpus  # noqa: E402
from submission_check import SubmissionChecker  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures"
MINIMUM_PER_CATEGORY = 200


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, ok, what, problems=()):
        if ok:
            self.passed += 1
            return
        self.failed += 1
        print(f"  FAIL {what}")
        for problem in list(problems)[:8]:
            print(f"       {problem}")


def decide(binary, config, drafts):
    """JSON results from `supportgate check`, in the order of drafts."""
    results = []
    for start in range(0, len(drafts), 500):
        chunk = [str(path) for path in drafts[start:start + 500]]
        run = subprocess.run([binary, "check", "--config", str(config), "--at", corpus.DECIDE_AT, *chunk],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise SystemExit(f"supportgate check exited {run.returncode}: {run.stderr.strip()}")
        results += [json.loads(line) for line in run.stdout.splitlines()]
    if len(results) != len(drafts):
        raise SystemExit(f"supportgate check printed {len(results)} results for {len(drafts)} drafts")
    return results


def azure_example(path):
    return json.loads((FIXTURES / "azure-support-api" / path).read_text())["parameters"]["createSupportTicketParameters"]


def self_check(checker, tally):
    """The validator refuses what Azure and Partner Center would refuse, and passes the real examples."""
    subscription = "/subscriptions/132d901f-189d-4381-9214-fe68e27e05a1"
    ticket = "/providers/Microsoft.Support/supportTickets/t1"
    technical_2024 = azure_example("2024-04-01/CreateTechnicalSupportTicketForSubscription.json")
    technical_2020 = azure_example("2020-04-01/CreateTechnicalSupportTicketForSubscription.json")
    pc_create = json.loads((FIXTURES / "partner-center" / "create-a-service-request-.request.json").read_text())

    def azure(path, body):
        return {"target": "azure-support-api", "method": "PUT", "path": path, "body": body}

    def edited(body, **properties):
        body = json.loads(json.dumps(body))
        body["properties"].update(properties)
        return body

    good = [
        ("the 2024-04-01 technical example at subscription scope", azure(f"{subscription}{ticket}?api-version=2024-04-01", technical_2024)),
        ("the 2020-04-01 technical example with 2020-04-01", azure(f"{subscription}{ticket}?api-version=2020-04-01", technical_2020)),
        ("the billing example at tenant scope", azure(f"{ticket}?api-version=2024-04-01", azure_example("2024-04-01/CreateBillingSupportTicket.json"))),
        ("the Partner Center create example", {"target": "partner-center", "method": "POST", "path": "/v1/servicerequests/en-US", "body": pc_create}),
    ]
    bad = [
        ("the 2020-04-01 example named 2024-04-01 (no advancedDiagnosticConsent)", azure(f"{subscription}{ticket}?api-version=2024-04-01", technical_2020)),
        ("a read-only property (status)", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, status="Open"))),
        ("enrollmentId with 2020-04-01, where it is read-only", azure(f"{subscription}{ticket}?api-version=2020-04-01", edited(technical_2020, enrollmentId="E1"))),
        ("a null property", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, supportPlanId=None))),
        ("a severity outside the enum", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, severity="urgent"))),
        ("a wrong type", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, require24X7Response="yes"))),
        ("a property the document does not name", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, colour="blue"))),
        ("a bad problemStartTime", azure(f"{subscription}{ticket}?api-version=2024-04-01", edited(technical_2024, problemStartTime="yesterday"))),
        ("tenant scope with 2020-04-01, which has no such create", azure(f"{ticket}?api-version=2020-04-01", technical_2020)),
        ("an api-version with no document", azure(f"{subscription}{ticket}?api-version=2019-05-01", technical_2024)),
        ("Partner Center: a create with notes", {"target": "partner-center", "method": "POST", "path": "/v1/servicerequests/en-US",
                                                  "body": dict(pc_create, Notes=[])}),
        ("Partner Center: the undocumented customer path", {"target": "partner-center", "method": "POST",
                                                             "path": "/v1/customers/600d9000-0000-4000-8000-00000000c003/servicerequests/en-US", "body": pc_create}),
        ("Partner Center: a numeric support topic", {"target": "partner-center", "method": "POST", "path": "/v1/servicerequests/en-US",
                                                     "body": dict(pc_create, SupportTopicId=32444671)}),
    ]
    for what, submission in good:
        problems = checker.check(submission)
        tally.record(not problems, f"validator passes {what}", problems)
    for what, submission in bad:
        tally.record(bool(checker.check(submission)), f"validator refuses {what}")


def check_results(checker, tally, label, drafts, results):
    kinds = collections.Counter()
    for path, result in zip(drafts, results):
        name = pathlib.Path(path).name
        if result["decision"] != "accept":
            tally.record(False, f"{label} {name} is accepted", [f"{e['code']} at {e.get('field')}: {e['message']}" for e in result["errors"]])
            continue
        submission = result["submission"]
        problems = checker.check(submission)
        tally.record(not problems, f"{label} {name}: {submission['method']} {submission['path']}", problems)
        version = submission["path"].rsplit("api-version=", 1)[-1] if submission["target"] == "azure-support-api" else "partner-center"
        kinds[version] += 1
    return kinds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the supportgate executable")
    parser.add_argument("--config", default=str(ROOT / "Config" / "supportgate.toml"))
    arguments = parser.parse_args()
    checker = SubmissionChecker(FIXTURES)
    tally = Tally()

    self_check(checker, tally)

    examples = sorted((ROOT / "Config" / "examples").glob("*.draft.json"))
    example_results = decide(arguments.bin, arguments.config, examples)
    accepted = [(path, result) for path, result in zip(examples, example_results) if result["decision"] == "accept"]
    tally.record(len(accepted) >= 10, f"at least 10 accepted examples ({len(accepted)})")
    check_results(checker, tally, "example", [path for path, _ in accepted], [result for _, result in accepted])

    with tempfile.TemporaryDirectory(prefix="supportgate-corpus.") as scratch:
        drafts = corpus.generate(pathlib.Path(scratch), FIXTURES, ROOT / "Config" / "directory.json")
        results = decide(arguments.bin, arguments.config, drafts)
        kinds = check_results(checker, tally, "corpus", drafts, results)
    per_category = collections.Counter(result["draftId"].split("-", 1)[1].rsplit("-", 1)[0] for result in results if result["decision"] == "accept")
    for category in corpus.CATEGORIES:
        tally.record(per_category[category] >= MINIMUM_PER_CATEGORY,
                     f"corpus: {per_category[category]} accepted {category} drafts, at least {MINIMUM_PER_CATEGORY}")
    for kind in ("2024-04-01", "2020-04-01", "partner-center"):
        tally.record(kinds[kind] > 0, f"corpus: submissions of {kind} ({kinds[kind]})")
    print(f"corpus: {len(drafts)} drafts; submissions by api: {dict(kinds)}")
    print(f"submission-schema: {tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
