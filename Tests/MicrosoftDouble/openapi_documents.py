"""Microsoft's OpenAPI documents of Microsoft.Support, one per api-version, as the double's
only source of what a path and a body may be: Tests/Fixtures/azure-support-api/openapi
(verbatim copies; see SOURCES.md there). Bodies are checked with standard validators
(openapi-schema-validator's OpenAPI 3.0 write validator: required properties, enums,
types, formats, and no readOnly property), as Tests/SubmissionSchema does.
"""
import copy
import json
import pathlib
import re

from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


class Operation:
    def __init__(self, version, method, template, spec, document):
        self.version, self.method, self.template, self.spec = version, method, template, spec
        self.operation_id = spec.get("operationId", "")
        names = re.findall(r"\{([^}]+)\}", template)
        pattern = re.sub(r"\\\{[^}]+?\\\}", "([^/]+)", re.escape(template))
        self.regex = re.compile("^" + pattern + "$", re.IGNORECASE)
        self.names = names
        self.body_schema = next((p["schema"] for p in spec.get("parameters", []) if p.get("in") == "body"), None)
        self.validators = None
        if self.body_schema is not None:
            self.validators = (validator(document, self.body_schema), validator(closed(document), self.body_schema))

    def match(self, path):
        found = self.regex.match(path)
        return None if found is None else dict(zip(self.names, found.groups()))

    def problems(self, body, closed_too):
        """The body's problems against this operation's schema: (as published, unknown properties)."""
        published, closed_validator = self.validators
        errors = [describe(e) for e in published.iter_errors(body)]
        unknown = [] if errors else [describe(e) for e in closed_validator.iter_errors(body)]
        return errors, unknown


class Documents:
    def __init__(self, folder):
        self.versions = {}
        for path in sorted(pathlib.Path(folder).glob("support-*.json")):
            document = json.loads(path.read_text())
            version = document["info"]["version"]
            operations = []
            for template, entries in document["paths"].items():
                for method, spec in entries.items():
                    if method in ("get", "put", "post", "patch", "delete"):
                        operations.append(Operation(version, method.upper(), template, spec, document))
            self.versions[version] = operations
        if not self.versions:
            raise SystemExit(f"no OpenAPI documents (support-*.json) in {folder}")

    def find(self, version, method, path):
        """(operation, path parameters) of the document of this api-version, or (None, None)."""
        for operation in self.versions.get(version, []):
            if operation.method != method:
                continue
            parameters = operation.match(path)
            if parameters is not None:
                return operation, parameters
        return None, None

    def path_known(self, version, path):
        return any(op.match(path) is not None for op in self.versions.get(version, []))


def validator(document, schema):
    resource = Resource.from_contents(document, default_specification=DRAFT4)
    registry = Registry().with_resource("urn:document", resource)
    root = dict(schema)
    if "$ref" in root:
        root = {"$ref": "urn:document" + root["$ref"]}
    return OAS30WriteValidator(root, registry=registry, format_checker=oas30_format_checker)


def closed(document):
    """The document with every object schema that lists properties closed to others."""
    result = copy.deepcopy(document)
    for definition in result.get("definitions", {}).values():
        if "properties" in definition and "additionalProperties" not in definition:
            definition["additionalProperties"] = False
    return result


def describe(error):
    where = "/" + "/".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}"
