"""Hostile input to every operation of the API, read from its own OpenAPI document.

Schemathesis (``test_openapi_fuzz.py``) explores what the document allows; this file sends,
to every operation, what a careless integrator or an attacker sends and the document forbids:
bodies that are not objects, booleans for integers, integers past 64 bits, numbers for text,
strings with a lone surrogate or NUL, strings past their length, unknown fields; the same
for query strings and path ids. Every such request must be refused with a 4xx in the one
error shape, naming the field; none may be a 2xx (a silent no-op or a coerced value) or a 5xx.

The document itself is checked too: every integer has bounds both databases store, every
string a length, every body is strict (``additionalProperties: false``), so the server and
the document say the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from itpm.accounts.models import Role
from itpm.accounts.services import keys as key_services
from itpm.api_input import BIGINT_MAX

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_JSON_OBJECTS: list[Any] = [None, [], [{"title": "x"}], 123, "hello world", True]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


@pytest.fixture(scope="module")
def document(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def concrete(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its ``null`` alternative (``X | None``) and references resolved."""
    schema = resolve(document, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [resolve(document, option) for option in schema[key] if option.get("type") != "null"]
            if len(options) == 1:
                merged = {k: v for k, v in schema.items() if k != key}
                return {**options[0], **merged}
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return {**resolve(document, schema["allOf"][0]), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    for path, item in document["paths"].items():
        for method, spec in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield Operation(method, path, spec)


def json_body_schema(document: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    content = operation.spec.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return concrete(document, content["application/json"]["schema"])


def plausible(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A value the schema accepts (records it names may not exist; that is a later 404)."""
    schema = concrete(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {name: plausible(document, schema["properties"][name]) for name in required}
    if kind == "array":
        return [plausible(document, schema["items"])] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-31"
    if schema.get("format") == "date-time":
        return "2026-01-31T09:00:00Z"
    if "anyOf" in schema:  # a decimal: number or its text
        return 1
    return "Fuzz" + "z" * max(0, schema.get("minLength", 0) - 4)


def hostile(document: dict[str, Any], schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(what it is, value) pairs that the schema forbids."""
    schema = concrete(document, schema)
    kind = schema.get("type")
    if "enum" in schema:
        if all(isinstance(choice, int) for choice in schema["enum"]):
            yield "not one of the choices", max(schema["enum"]) + 1
            yield "text for a numbered choice", str(schema["enum"][0])
            yield "true for a numbered choice", True
        else:
            yield "not one of the choices", "no-such-choice"
            yield "a number for a choice", 1
        return
    if kind == "integer":
        yield "true for an integer", True
        yield "an integer past 64 bits", BIGINT_MAX + 1
        yield "an integer below 64 bits", -(BIGINT_MAX + 2)
        yield "10**30", 10**30
        yield "text for an integer", "1"
        yield "a fraction for an integer", 1.5
    elif kind == "number" or ("anyOf" in schema and {o.get("type") for o in schema["anyOf"]} >= {"number"}):
        yield "true for a number", True
        yield "a list for a number", [1]
        yield "letters for a number", "twelve"
    elif kind == "boolean":
        yield "a number for a boolean", 1
        yield "text for a boolean", "true"
    elif kind == "string" and schema.get("format") in {"date", "date-time"}:
        yield "a number for a date", 20260131
        yield "true for a date", True
        yield "an impossible date", "2026-13-45"
    elif kind == "string":
        yield "a lone surrogate", "x\ud800y"
        yield "a lone low surrogate", "\udfff"
        yield "NUL", "x\x00y"
        yield "a number for text", 5
        yield "true for text", True
        if "maxLength" in schema:
            yield "text past its length", "x" * (schema["maxLength"] + 1)
    elif kind == "array":
        yield "text for a list", "x"
        yield "an object for a list", {}
        for what, value in hostile(document, schema["items"]):
            yield f"a list holding {what}", [value]
    elif kind == "object" or "properties" in schema:
        yield "text for an object", "x"
        yield "a list for an object", []
        if isinstance(schema.get("additionalProperties"), dict):  # a map of names to values
            yield "a lone surrogate in a name", {"\ud800": None}
            for what, value in hostile(document, schema["additionalProperties"]):
                yield f"a map holding {what}", {"name": value}
        else:
            yield "an unknown field", {**plausible(document, schema), "no_such_field": 1}


def fill_path(operation: Operation, value: Any = 1) -> str:
    path = operation.path
    for parameter in operation.spec.get("parameters", []):
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(value))
    return path


def send(client: Client, operation: Operation, path: str, body: Any = None, raw: bytes | None = None) -> Any:
    if operation.method == "get":
        return client.get(path)
    data = raw if raw is not None else json.dumps(body).encode()
    return getattr(client, operation.method)(path, data=data, content_type="application/json")


def assert_refused(response: Any, operation: Operation, what: str, field: str | None = "") -> None:
    assert 400 <= response.status_code < 500, (
        f"{operation} with {what}: {response.status_code} {response.content[:300]!r}"
    )
    answer = response.json()
    assert {"detail", "errors"} <= set(answer), f"{operation} with {what}: not the one error shape: {answer}"
    if field is None or field == "":
        return
    fields = [error["field"] for error in answer["errors"]]
    assert any(name == field or (name or "").startswith(field + ".") for name in fields), (
        f"{operation} with {what}: the error does not name “{field}”: {answer}"
    )


@pytest.fixture
def admin_client(db: Any) -> Client:
    admin = UserFactory(email="hostile.admin@example.com", role=Role.ADMIN)
    UserFactory(email="other.admin@example.com", role=Role.ADMIN)
    secret = key_services.create_personal_token(actor=admin, name="hostile", scopes=["read", "write"]).secret
    return Client(headers={"authorization": f"Bearer {secret}"}, raise_request_exception=False)


def test_the_document_bounds_every_integer_and_string_and_forbids_unknown_fields(document: dict[str, Any]) -> None:
    problems: list[str] = []

    def walk(schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()) -> None:
        ref = schema.get("$ref")
        if ref in seen:
            return
        seen = seen | {ref} if ref else seen
        schema = concrete(document, schema)
        kind = schema.get("type")
        if kind == "integer" and "enum" not in schema:
            low, high = schema.get("minimum"), schema.get("maximum")
            if low is None or high is None or low < -(BIGINT_MAX + 1) or high > BIGINT_MAX:
                problems.append(f"{where}: integer without 64-bit bounds ({low}..{high})")
        elif kind == "string" and "enum" not in schema and "format" not in schema:
            if "maxLength" not in schema:
                problems.append(f"{where}: text without a maximum length")
        elif kind == "array":
            if "maxItems" not in schema:
                problems.append(f"{where}: list without a maximum length")
            walk(schema["items"], where + "[]", seen)
        elif kind == "object" or "properties" in schema:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):  # a map: bounded, and its values checked
                if "maxProperties" not in schema:
                    problems.append(f"{where}: map without a maximum size")
                walk(extra, where + "{}", seen)
            elif extra is not False:
                problems.append(f"{where}: object that accepts unknown fields")
            for name, prop in schema.get("properties", {}).items():
                walk(prop, f"{where}.{name}", seen)

    for operation in operations(document):
        body = json_body_schema(document, operation)
        if body is not None:
            walk(operation.spec["requestBody"]["content"]["application/json"]["schema"], f"{operation} body")
        for parameter in operation.spec.get("parameters", []):
            walk(parameter["schema"], f"{operation} {parameter['in']} {parameter['name']}")
    assert not problems, "\n".join(problems)


def test_every_body_that_is_not_a_json_object_is_refused(document: dict[str, Any], admin_client: Client) -> None:
    checked = 0
    for operation in operations(document):
        if json_body_schema(document, operation) is None:
            continue
        path = fill_path(operation)
        for body in NOT_JSON_OBJECTS:
            response = send(admin_client, operation, path, body)
            assert_refused(response, operation, f"the body {body!r}", field=None)
            assert response.status_code == 422, f"{operation} with the body {body!r}: {response.status_code}"
        assert_refused(send(admin_client, operation, path, raw=b"{not json"), operation, "a body that is not JSON")
        checked += 1
    assert checked > 40, "the document lists the operations that take a body"


def test_every_body_field_refuses_what_its_schema_forbids(document: dict[str, Any], admin_client: Client) -> None:
    checked = 0
    for operation in operations(document):
        schema = json_body_schema(document, operation)
        if schema is None:
            continue
        path = fill_path(operation)
        base = plausible(document, schema)
        assert_refused(send(admin_client, operation, path, {**base, "no_such_field": 1}), operation,
                       "an unknown field", "no_such_field")
        assert_refused(send(admin_client, operation, path, {**base, "\ud800": 1}), operation,
                       "a lone surrogate in a key")
        for name, prop in schema.get("properties", {}).items():
            prop_schema = concrete(document, prop)
            for what, value in hostile(document, prop_schema):
                response = send(admin_client, operation, path, {**base, name: value})
                assert_refused(response, operation, f"{name} = {what}", name)
                checked += 1
            # One level down: the fields of objects inside lists and objects.
            nested = prop_schema
            if nested.get("type") == "array":
                nested = concrete(document, nested["items"])
            for inner, inner_prop in nested.get("properties", {}).items():
                inner_base = plausible(document, nested)
                for what, value in hostile(document, inner_prop):
                    holder: Any = {**inner_base, inner: value}
                    if prop_schema.get("type") == "array":
                        holder, where = [holder], f"{name}.0.{inner}"
                    else:
                        where = f"{name}.{inner}"
                    response = send(admin_client, operation, path, {**base, name: holder})
                    assert_refused(response, operation, f"{where} = {what}", where)
                    checked += 1
    assert checked > 500


def test_every_query_parameter_and_path_id_refuses_what_its_schema_forbids(
    document: dict[str, Any], admin_client: Client
) -> None:
    checked = 0
    for operation in operations(document):
        body = json_body_schema(document, operation)
        base_body = plausible(document, body) if body is not None else None
        path = fill_path(operation)
        for parameter in operation.spec.get("parameters", []):
            schema = concrete(document, parameter["schema"])
            if parameter["in"] == "query":
                values: list[tuple[str, str]] = []
                if schema.get("type") == "integer":
                    values += [("an integer past 64 bits", str(BIGINT_MAX + 1)), ("-10**30", str(-(10**30))),
                               ("true for an integer", "true"), ("a fraction", "1.5")]
                elif schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                    values += [("NUL", "x\x00y")]
                    if "maxLength" in schema:
                        values.append(("text past its length", "x" * (schema["maxLength"] + 1)))
                for what, value in values:
                    query = {parameter["name"]: value}
                    if operation.method == "get":
                        response = admin_client.get(path, query)
                    else:
                        response = send(admin_client, operation, f"{path}?{urlencode(query)}", base_body)
                    assert_refused(response, operation, f"?{parameter['name']}= {what}", parameter["name"])
                    checked += 1
            elif parameter["in"] == "path" and schema.get("type") == "integer":
                for value in (BIGINT_MAX + 1, -(10**30), 0):
                    response = send(admin_client, operation, fill_path(operation, value), base_body)
                    assert response.status_code in {404, 422}, (
                        f"{operation} with the id {value}: {response.status_code} {response.content[:200]!r}"
                    )
                    checked += 1
    assert checked > 100


def test_a_body_past_the_upload_limit_is_refused_in_the_error_shape(admin_client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    body = json.dumps({"title": "x" * 1_200_000})
    response = admin_client.post("/api/v1/ideas", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is too large: send at most 1 MB."
