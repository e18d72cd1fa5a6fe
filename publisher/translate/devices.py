"""Where CTranslate2 runs: the ``device`` setting (auto | cpu | cuda) and its compute type."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import ctranslate2

from publisher.errors import ConfigError

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")
# Used when the requested compute type is not available on this CPU, best first.
_COMPUTE_FALLBACKS = ("int8_float32", "int8", "int16", "float32")
#: On a GPU, int8 weights with float16 activations: the fast choice CTranslate2 recommends.
CUDA_COMPUTE_TYPE = "int8_float16"


@dataclass(frozen=True)
class Device:
    name: str  # cpu | cuda
    compute_type: str


def resolve_compute_type(requested: str) -> str:
    """Return ``requested`` if this CPU supports it, else the best type it does support."""
    supported = ctranslate2.get_supported_compute_types("cpu")
    if requested in supported or requested in ("auto", "default"):
        return requested
    for candidate in _COMPUTE_FALLBACKS:
        if candidate in supported:
            log.info("compute type %s is not supported here; using %s", requested, candidate)
            return candidate
    return "default"


def cuda_devices() -> int:
    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:  # a CUDA runtime present but broken counts as none
        return 0


def resolve_device(requested: str, cpu_compute_type: str = "int8") -> Device:
    """``auto`` takes a GPU when CTranslate2 sees one, else the CPU (nothing changes there).

    Raises ConfigError for ``cuda`` on a machine without one, or an unknown name.
    """
    if requested not in DEVICES:
        raise ConfigError(f"device {requested!r}: expected one of {', '.join(DEVICES)}")
    gpus = cuda_devices()
    if requested == "cuda" and gpus == 0:
        raise ConfigError("device = cuda, but CTranslate2 sees no CUDA device on this machine")
    if requested == "cuda" or (requested == "auto" and gpus > 0):
        return Device("cuda", CUDA_COMPUTE_TYPE)
    return Device("cpu", resolve_compute_type(cpu_compute_type))
