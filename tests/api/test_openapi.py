"""The OpenAPI document builds, lists every endpoint, and marks none of them public."""

from __future__ import annotations

from civicplan.api.main import api

PATHS = {
    "/api/plans/": {"get"},
    "/api/plans/{plan_id}/": {"get"},
    "/api/plans/{plan_id}/indicators/": {"get"},
    "/api/indicators/{indicator_id}/": {"get"},
    "/api/plans/{plan_id}/standings/": {"get"},
    "/api/plans/{plan_id}/tasks/": {"get"},
    "/api/plans/{plan_id}/policies/": {"get"},
    "/api/plans/{plan_id}/risks/": {"get"},
    "/api/plans/{plan_id}/budget/": {"get"},
    "/api/plans/{plan_id}/findings/": {"get"},
    "/api/indicators/{indicator_id}/values/": {"post"},
    "/api/values/{value_id}/approve/": {"post"},
    "/api/values/{value_id}/return/": {"post"},
    "/api/plans/{plan_id}/task-progress/": {"get"},
    "/api/plans/{plan_id}/partners/": {"get"},
    "/api/plans/{plan_id}/risk-register/": {"get"},
    "/api/plans/{plan_id}/risk-heat-map/": {"get"},
    "/api/plans/{plan_id}/policy-renewals/": {"get"},
    "/api/plans/{plan_id}/budget-position/": {"get"},
    "/api/plans/{plan_id}/income-bids/": {"get"},
    "/api/plans/{plan_id}/attention/": {"get"},
}


def test_openapi_schema_builds_with_every_endpoint():
    schema = api.get_openapi_schema()

    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS


def test_every_operation_needs_a_token_or_a_session():
    schema = api.get_openapi_schema()

    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    for ops in schema["paths"].values():
        for operation in ops.values():
            assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]


def test_schema_documents_refusals_and_periods():
    schema = api.get_openapi_schema()

    write = schema["paths"]["/api/indicators/{indicator_id}/values/"]["post"]
    assert {str(code) for code in write["responses"]} == {
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "422",
        "428",
    }
    value_in = schema["components"]["schemas"]["ValueIn"]
    assert value_in["properties"]["period"]["type"] == "string"
    assert "2026/27-Q2" in value_in["properties"]["period"]["examples"]
    standing = schema["components"]["schemas"]["StandingOut"]["properties"]
    assert {"status", "direction", "target", "actual"} <= set(standing)
