# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures: a scripted HTTP server on loopback, a fake clock, and a guard that no request is sent."""

from __future__ import annotations

import socket

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import HttpClient

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import FakeClock, ScriptedServer


@pytest.fixture
def server():
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_client(clock):
    """An HttpClient on the fake clock, with no jitter surprises (random() = 0.5 unless given)."""

    def factory(**options):
        options.setdefault('clock', clock)
        options.setdefault('sleep', clock.sleep)
        options.setdefault('random', lambda: 0.5)
        options.setdefault('timeout', 5)
        return HttpClient(**options)

    return factory


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening (bound, then released)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def no_request(monkeypatch):
    """Any request of the HTTP client fails the test: for input that must be refused before anything is sent."""
    def refuse(*_args, **_kwargs):
        raise AssertionError('no request may be sent')

    monkeypatch.setattr(HttpClient, 'request', refuse)
