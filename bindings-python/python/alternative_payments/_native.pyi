"""Type stubs of the native module (the Rust core behind :class:`alternative_payments.Client`)."""

from typing import Any, Dict, List, Optional

__version__: str
DEFAULT_BASE_URL: str
DEFAULT_TIMEOUT: float
DEFAULT_MAX_RETRIES: int
DEFAULT_RATE_LIMIT: float
OPERATIONS: List[str]

class NativeClient:
    def __init__(self, settings: Dict[str, Any]) -> None: ...
    def call(self, operation: str, args: Dict[str, Any]) -> Any: ...
    def list(self, operation: str, args: Dict[str, Any]) -> NativePages: ...
    def settings(self) -> Dict[str, Any]: ...

class NativePages:
    def next_item(self) -> Optional[Dict[str, Any]]: ...
    def next_page(self) -> Optional[Dict[str, Any]]: ...
