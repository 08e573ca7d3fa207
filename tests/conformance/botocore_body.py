#!/usr/bin/env python3
"""Compares request bodies with the ones botocore's serializer produces.

Reads JSON lines on stdin, one per request:

    {"operation": "SignUp", "params": {...}, "body": {...}}

`params` are the request's parameters as boto3 takes them (`client.sign_up(**params)`), `body`
is the JSON body our client sends for them. For each line the script validates `params` against
botocore's model of cognito-idp (unknown or missing members, wrong types, lengths, ranges),
serializes them with botocore's awsJson 1.1 serializer and compares the result with `body` as
parsed JSON, strictly: member names, nesting, order of list items, and the JSON type of every
scalar (`true` is not `1`, `8` is not `8.0`). Key order in objects does not matter.

Writes one JSON line per input line:

    {"operation": ..., "target": <X-Amz-Target>, "content_type": <Content-Type>,
     "botocore_body": <botocore's body, parsed>, "validation_error": <str or null>,
     "differences": [<"$.Path: what differs">, ...]}

Exit status: 0 when every body is equal and every params object is valid, 1 when one is not,
2 for malformed input, 3 when botocore cannot be imported (`python3 -m pip install botocore`).

Used by `e2e/tests/conformance.rs`; by hand:

    echo '{"operation":"GetUser","params":{"AccessToken":"abc"},"body":{"AccessToken":"abc"}}' \
        | python3 tests/conformance/botocore_body.py
"""

import json
import sys

SERVICE = "cognito-idp"


def describe(value):
    """A JSON type name, keeping booleans, integers and floats apart."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def differences(ours, theirs, path="$"):
    """Every place where `ours` and `theirs` (parsed JSON) differ, as readable lines."""
    found = []
    if describe(ours) != describe(theirs):
        found.append(f"{path}: ours is {describe(ours)} {json.dumps(ours)}, "
                     f"botocore's is {describe(theirs)} {json.dumps(theirs)}")
    elif isinstance(ours, dict):
        for key in ours:
            if key not in theirs:
                found.append(f"{path}.{key}: only in ours ({json.dumps(ours[key])})")
        for key in theirs:
            if key not in ours:
                found.append(f"{path}.{key}: only in botocore's ({json.dumps(theirs[key])})")
        for key in ours:
            if key in theirs:
                found.extend(differences(ours[key], theirs[key], f"{path}.{key}"))
    elif isinstance(ours, list):
        if len(ours) != len(theirs):
            found.append(f"{path}: ours has {len(ours)} items, botocore's {len(theirs)}")
        for index, (a, b) in enumerate(zip(ours, theirs)):
            found.extend(differences(a, b, f"{path}[{index}]"))
    elif ours != theirs:
        found.append(f"{path}: ours is {json.dumps(ours)}, botocore's is {json.dumps(theirs)}")
    return found


def main():
    try:
        import botocore.session
        from botocore.exceptions import ParamValidationError
        from botocore.model import OperationNotFoundError
        from botocore.serialize import create_serializer
        from botocore.validate import validate_parameters
    except ImportError as error:
        print(f"botocore is not installed ({error}): python3 -m pip install botocore",
              file=sys.stderr)
        return 3

    model = botocore.session.get_session().get_service_model(SERVICE)
    serializer = create_serializer(model.metadata["protocol"], include_validation=False)
    failed = False
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            operation = case["operation"]
            params = case["params"]
            body = case["body"]
        except (ValueError, KeyError, TypeError) as error:
            print(f"line {number}: not a case object: {error}", file=sys.stderr)
            return 2
        try:
            operation_model = model.operation_model(operation)
        except OperationNotFoundError:
            print(f"line {number}: cognito-idp has no operation {operation!r}", file=sys.stderr)
            return 2
        validation_error = None
        try:
            validate_parameters(params, operation_model.input_shape)
        except ParamValidationError as error:
            validation_error = str(error)
        request = serializer.serialize_to_request(params, operation_model)
        theirs = json.loads(request["body"].decode("utf-8"))
        found = differences(body, theirs)
        failed = failed or bool(found) or validation_error is not None
        print(json.dumps({
            "operation": operation,
            "target": request["headers"]["X-Amz-Target"],
            "content_type": request["headers"]["Content-Type"],
            "botocore_body": theirs,
            "validation_error": validation_error,
            "differences": found,
        }), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
