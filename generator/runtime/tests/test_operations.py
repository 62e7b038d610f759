"""Operation tests from the spec, on an ``httpx.MockTransport``: each call sends the request the spec
describes and returns the reply as its model; arguments past a constraint raise before any I/O."""

from __future__ import annotations

import pytest

from ._support import (
    PLAN,
    Call,
    Edit,
    Expected,
    Reply,
    RequestValidationError,
    call_of,
    check_request,
    check_result,
    edits_of,
    expected_of,
    reply_of,
    run_async,
    run_sync,
)

OPERATIONS = [
    pytest.param(call_of(case["call"]), expected_of(case["request"]), reply_of(case["reply"]), id=case["id"])
    for case in PLAN["operations"]
]

ARGUMENTS = [
    pytest.param(
        call_of(case["call"]),
        edits_of(case["accepted"]),
        edits_of(case["rejected"]),
        reply_of(case["reply"]),
        id=case["id"],
    )
    for case in PLAN["arguments"]
]


@pytest.mark.parametrize(("call", "expected", "reply"), OPERATIONS)
def test_request_sync(call: Call, expected: Expected, reply: Reply) -> None:
    result, recorder = run_sync(call, reply, raw=not reply.parsed)
    assert len(recorder.requests) == 1
    check_request(recorder.requests[0], expected)
    check_result(result, reply)


@pytest.mark.parametrize(("call", "expected", "reply"), OPERATIONS)
def test_request_async(call: Call, expected: Expected, reply: Reply) -> None:
    result, recorder = run_async(call, reply, raw=not reply.parsed)
    assert len(recorder.requests) == 1
    check_request(recorder.requests[0], expected)
    check_result(result, reply)


@pytest.mark.parametrize(("call", "accepted", "rejected", "reply"), ARGUMENTS)
def test_argument_constraint_sync(
    call: Call, accepted: tuple[Edit, ...], rejected: tuple[Edit, ...], reply: Reply
) -> None:
    for edit in accepted:
        _, recorder = run_sync(call, reply, edit.apply(call.arguments), raw=True)  # the request is what is tested
        assert len(recorder.requests) == 1
    for edit in rejected:
        with pytest.raises(RequestValidationError):
            run_sync(call, None, edit.apply(call.arguments))


@pytest.mark.parametrize(("call", "accepted", "rejected", "reply"), ARGUMENTS)
def test_argument_constraint_async(
    call: Call, accepted: tuple[Edit, ...], rejected: tuple[Edit, ...], reply: Reply
) -> None:
    for edit in accepted:
        _, recorder = run_async(call, reply, edit.apply(call.arguments), raw=True)  # the request is what is tested
        assert len(recorder.requests) == 1
    for edit in rejected:
        with pytest.raises(RequestValidationError):
            run_async(call, None, edit.apply(call.arguments))
