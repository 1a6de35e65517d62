"""The API's operations, each of which must have a row in the access policy.

Partner systems authenticate by token (`api.auth`) and read only what they sent
(`api.selectors`); the policy row says so, and the system check `api.E001` fails when an
operation is added without one. `config/tests/test_access_matrix.py` checks the rows.
"""

from django.core.checks import CheckMessage, Error, register

from frontdoor.governance.policy import POLICY

API_PREFIX = "/api/v1"


def api_operations() -> list[str]:
    """`api:<METHOD> <path>` for each operation in the served OpenAPI document."""
    from .urls import api

    schema = api.get_openapi_schema(path_prefix=API_PREFIX)
    return sorted(
        f"api:{method.upper()} {path.removeprefix(API_PREFIX)}"
        for path, methods in schema["paths"].items()
        for method in methods
    )


def unlisted_api_operations() -> list[str]:
    return [name for name in api_operations() if name not in POLICY]


@register()
def every_api_operation_has_a_policy_row(**kwargs: object) -> list[CheckMessage]:
    return [
        Error(
            f"{name} has no row in the access policy",
            hint="Add it to frontdoor/governance/policy.py",
            id="api.E001",
        )
        for name in unlisted_api_operations()
    ]
