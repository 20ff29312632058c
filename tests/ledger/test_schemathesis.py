"""Schemathesis against the app's own OpenAPI spec, in process (ASGI): no 5xx, ever; every response conforms.

Bounded: a few dozen generated requests per operation and backend. Each operation is called with the key of the
role that may use it, so generated requests reach the engine's validation instead of stopping at 403.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from wattsandtons.ledger import Ledger
from wattsandtons.ledger.api import create_app
from wattsandtons.ledger.auth import KeyStore

from .helpers import DAY

EXAMPLES = {"positive": 20, "negative": 10}


def _tokens(world: Ledger) -> dict[str, str]:
    store = KeyStore(world)
    return {role: store.create(role, subject)[1] for role, subject in
            (("admin", None), ("owner", "solarco"), ("operator", "kyuden-metering"))}  # fmt: skip


def _token(tokens: dict[str, str], operation: schemathesis.APIOperation) -> str:
    path, method = operation.path, operation.method.upper()
    if method == "POST" and path in ("/ledger/transfers", "/ledger/conversions", "/ledger/retirements"):
        return tokens["owner"]
    if method == "POST" and path == "/ledger/readings":
        return tokens["operator"]
    return tokens["admin"]


@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"]
)
def test_no_server_errors(world: Ledger, mode: GenerationMode) -> None:
    world.record_reading("farm1", DAY, DAY + 3600, "10 MWh")
    world.transfer("seed", "solarco/electricity", "dc/electricity", "1 MWh")
    tokens = _tokens(world)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(world))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    checked = 0
    for operation in operations:
        try:
            _check(operation, mode, {"Authorization": f"Bearer {_token(tokens, operation)}"})
            checked += 1
        except Unsatisfiable:  # nothing to make invalid (e.g. GET /ledger/health has no input)
            assert mode is GenerationMode.NEGATIVE
    assert checked >= len(operations) - 6


def _check(operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode.value], deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
        database=None, phases=[Phase.explicit, Phase.generate],
    )  # fmt: skip
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, status_code_conformance, content_type_conformance]
        )

    run()
