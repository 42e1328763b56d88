"""Calls every RPC of a running reference server with grpcio, a stock gRPC client that is
not protogate's, finding the services and message types through server reflection only.

Usage: grpcio_client.py ADDR STREAM_COUNT [TOKEN]

Checks health (SERVING), reflection v1 and v1alpha, and each RPC's shape: unary answers
once; server streaming sends STREAM_COUNT messages; client streaming answers once after
REQUESTS requests; bidirectional answers each of REQUESTS requests. With TOKEN, every RPC
without it must fail UNAUTHENTICATED (health excepted) and succeed with it. Prints one line
per call and exits non-zero on the first mismatch.
"""

import collections
import sys

import grpc
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

REQUESTS = 3
TIMEOUT = 10


class _Details(
    collections.namedtuple(
        "_Details",
        ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression"),
    ),
    grpc.ClientCallDetails,
):
    pass


class BearerToken(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds `authorization: Bearer TOKEN` to every call."""

    def __init__(self, token):
        self.header = ("authorization", "Bearer " + token)

    def _details(self, details):
        metadata = list(details.metadata or []) + [self.header]
        return _Details(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            details.wait_for_ready,
            details.compression,
        )

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def call(channel, path, method, stream_count):
    """Calls one RPC with its streaming shape; returns how many responses came back."""
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    serialize = request_class.SerializeToString
    deserialize = response_class.FromString
    requests = lambda: iter([request_class() for _ in range(REQUESTS)])
    if not method.client_streaming and not method.server_streaming:
        stub = channel.unary_unary(path, serialize, deserialize)
        stub(request_class(), timeout=TIMEOUT)
        return "unary", 1, 1
    if method.server_streaming and not method.client_streaming:
        stub = channel.unary_stream(path, serialize, deserialize)
        return "server-streaming", len(list(stub(request_class(), timeout=TIMEOUT))), stream_count
    if method.client_streaming and not method.server_streaming:
        stub = channel.stream_unary(path, serialize, deserialize)
        stub(requests(), timeout=TIMEOUT)
        return "client-streaming", 1, 1
    stub = channel.stream_stream(path, serialize, deserialize)
    return "bidi-streaming", len(list(stub(requests(), timeout=TIMEOUT))), REQUESTS


def list_services_v1(channel):
    """reflection v1 has the same messages as v1alpha, so v1alpha's classes read it."""
    stub = channel.stream_stream(
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        reflection_pb2.ServerReflectionRequest.SerializeToString,
        reflection_pb2.ServerReflectionResponse.FromString,
    )
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    return [
        service.name
        for response in stub(iter([request]), timeout=TIMEOUT)
        for service in response.list_services_response.service
    ]


def check_health(channel, pool):
    health = pool.FindServiceByName("grpc.health.v1.Health")
    check = health.FindMethodByName("Check")
    request_class = message_factory.GetMessageClass(check.input_type)
    response_class = message_factory.GetMessageClass(check.output_type)
    stub = channel.unary_unary(
        "/grpc.health.v1.Health/Check",
        request_class.SerializeToString,
        response_class.FromString,
    )
    status = stub(request_class(service=""), timeout=TIMEOUT).status
    name = check.output_type.fields_by_name["status"].enum_type.values_by_number[status].name
    print(f"/grpc.health.v1.Health/Check {name}")
    if name != "SERVING":
        fail(f"health is {name}")


def main():
    address, stream_count = sys.argv[1], int(sys.argv[2])
    token = sys.argv[3] if len(sys.argv) > 3 else None
    plain = grpc.insecure_channel(address)
    grpc.channel_ready_future(plain).result(timeout=TIMEOUT)
    channel = grpc.intercept_channel(plain, BearerToken(token)) if token else plain

    database = ProtoReflectionDescriptorDatabase(channel)
    pool = descriptor_pool.DescriptorPool(database)
    services = [name for name in database.get_services() if not name.startswith("grpc.")]
    if not services:
        fail("reflection v1alpha lists no services")
    listed_v1 = list_services_v1(channel)
    missing = [name for name in services if name not in listed_v1]
    if missing:
        fail(f"reflection v1 does not list {missing}")
    print(f"reflection v1alpha and v1 list {', '.join(services)}")

    check_health(plain, pool)

    for name in services:
        for method in pool.FindServiceByName(name).methods:
            path = f"/{name}/{method.name}"
            if token:
                try:
                    call(plain, path, method, stream_count)
                    fail(f"{path} answered without the token")
                except grpc.RpcError as error:
                    if error.code() != grpc.StatusCode.UNAUTHENTICATED:
                        fail(f"{path} without the token: {error.code()}")
                print(f"{path} without token UNAUTHENTICATED")
            kind, got, expected = call(channel, path, method, stream_count)
            print(f"{path} {kind} {got} response(s) OK")
            if got != expected:
                fail(f"{path}: {got} responses, expected {expected}")


if __name__ == "__main__":
    main()
