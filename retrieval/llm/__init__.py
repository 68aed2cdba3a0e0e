"""The OpenAI-compatible model client: one `LLMClient` per endpoint, every failure an `LLMError`.

- `client`: requests, retries, deadlines, the concurrency limit, usage bookkeeping;
- `breaker`: the circuit breaker in front of the endpoint;
- `responses`: reading a whole body or a stream of deltas into a `Completion`;
- `sse`: the server-sent-event parser streams arrive through;
- `errors`: `LLMError`, its kinds, and how each server dialect reports a failure;
- `config`: `LLMConfig` and `Completion`.
"""

from retrieval.llm.client import LLMClient
from retrieval.llm.config import Completion, LLMConfig
from retrieval.llm.errors import ERROR_KINDS, LLMError, parse_retry_after

__all__ = ["ERROR_KINDS", "Completion", "LLMClient", "LLMConfig", "LLMError", "parse_retry_after"]
