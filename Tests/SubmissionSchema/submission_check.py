"""Checks an accepted result's submission against the published API description, with
standard validators and none of the gate's own schema code:

- Azure: the api-version in the path names one of Microsoft's OpenAPI documents in
  Tests/Fixtures/azure-support-api/openapi; the method and path match a create
  operation of that document; the body satisfies the operation's body schema
  (SupportTicketDetails), validated by openapi-schema-validator's OpenAPI 3.0 write
  validator (required properties, enums, types, formats, and no readOnly property),
  once as published and once closed (no property the document does not name).
- Partner Center: POST /v1/servicerequests/{agent-locale}, and the body satisfies
  Tests/Fixtures/partner-center/service-request-create.schema.json (JSON Schema
  2020-12, written from the documented ServiceRequest resource), property names
  matched without regard to case as Partner Center matches them.
"""
import copy
import json
import pathlib
import re
import urllib.parse

import jsonschema
from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


class SubmissionChecker:
    def __init__(self, fixtures: pathlib.Path):
        self.fixtures = fixtures
        self.documents = {}
        for path in sorted((fixtures / "azure-support-api" / "openapi").glob("support-*.json")):
            document = json.loads(path.read_text())
            self.documents[document["info"]["version"]] = document
        schema_path = fixtures / "partner-center" / "service-request-create.schema.json"
        self.service_request_schema = json.loads(schema_path.read_text())
        jsonschema.Draft202012Validator.check_schema(self.service_request_schema)

    # --- Azure ------------------------------------------------------------------------

    def check(self, submission):
        """The problems with one submission: an empty list when it is valid."""
        if submission.get("target") == "azure-support-api":
            return self.check_azure(submission)
        if submission.get("target") == "partner-center":
            return self.check_partner_center(submission)
        return [f"unknown target {submission.get('target')!r}"]

    def check_azure(self, submission):
        url = urllib.parse.urlsplit(submission["path"])
        versions = urllib.parse.parse_qs(url.query).get("api-version", [])
        if len(versions) != 1:
            return [f"the path names {len(versions)} api-versions: {submission['path']}"]
        document = self.documents.get(versions[0])
        if document is None:
            return [f"api-version {versions[0]} has no OpenAPI document here ({sorted(self.documents)})"]
        operation = self.create_operation(document, submission["method"], url.path)
        if operation is None:
            return [f"{submission['method']} {url.path} is not a create operation of api-version {versions[0]}"]
        body_schema = next(p["schema"] for p in operation["parameters"] if p.get("in") == "body")
        problems = []
        for label, root in (("published", document), ("closed", closed(document))):
            problems += [f"{versions[0]} ({label}): {message}" for message in validate_openapi(root, body_schema, submission["body"])]
        return problems

    @staticmethod
    def create_operation(document, method, path):
        for template, operations in document["paths"].items():
            if not template.endswith("/supportTickets/{supportTicketName}"):
                continue
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            operation = operations.get(method.lower())
            if operation is not None and re.match(pattern, path):
                return operation
        return None

    # --- Partner Center ---------------------------------------------------------------

    def check_partner_center(self, submission):
        problems = []
        if submission["method"] != "POST":
            problems.append(f"method {submission['method']}, not POST")
        if not re.fullmatch(r"/v1/servicerequests/[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", submission["path"]):
            problems.append(f"path {submission['path']} is not /v1/servicerequests/{{agent-locale}}")
        schema = self.service_request_schema
        body = fold_names(submission["body"], schema, schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        problems += [describe(error) for error in validator.iter_errors(body)]
        return problems


def validate_openapi(document, schema, instance):
    resource = Resource.from_contents(document, default_specification=DRAFT4)
    registry = Registry().with_resource("urn:document", resource)
    root = dict(schema)
    if "$ref" in root:
        root = {"$ref": "urn:document" + root["$ref"]}
    validator = OAS30WriteValidator(root, registry=registry, format_checker=oas30_format_checker)
    return [describe(error) for error in validator.iter_errors(instance)]


def closed(document):
    """The document with every object schema that lists properties closed to others."""
    result = copy.deepcopy(document)
    for definition in result.get("definitions", {}).values():
        if "properties" in definition and "additionalProperties" not in definition:
            definition["additionalProperties"] = False
    return result


def fold_names(value, schema, root):
    """value with its object keys renamed to the schema's property names, ignoring case."""
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        by_fold = {name.casefold(): name for name in properties}
        folded = {}
        for key, item in value.items():
            name = by_fold.get(key.casefold(), key)
            folded[name] = fold_names(item, properties.get(name, {}), root)
        return folded
    if isinstance(value, list):
        items = schema.get("items", {})
        return [fold_names(item, items, root) for item in value]
    return value


def describe(error):
    where = "/" + "/".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}"
