"""The one error type a user sees: an HTTP status, the reason in English and Chinese, and the parameter and value
at fault. Raised anywhere below the web layer; the API answers every one with the same JSON shape
(`{"error", "error_zh", "param", "value"}`, see `AppError.body`, plus the error's `headers`, e.g. a 429's
Retry-After) and the CLI prints its English line."""

from __future__ import annotations


class AppError(Exception):
    """A request that cannot be done as asked. `status` is the HTTP status the API answers with."""

    status: int = 400

    def __init__(
        self,
        error: str,
        error_zh: str = "",
        *,
        status: int | None = None,
        param: str | None = None,
        value: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(error)
        self.error, self.error_zh = error, error_zh or error
        self.param, self.value = param, value
        self.headers = dict(headers or {})  # sent with the answer, e.g. a 429's Retry-After
        if status is not None:
            self.status = status

    def body(self) -> dict[str, str | None]:
        return {"error": self.error, "error_zh": self.error_zh, "param": self.param, "value": self.value}


class ParamError(AppError):
    """A parameter (URL, form, command-line option) has a bad value; 400 naming the parameter and the value."""

    def __init__(self, param: str, value: object, reason: str, reason_zh: str = ""):
        value = "" if value is None else str(value)
        super().__init__(
            f"bad value {value!r} for parameter {param!r}: {reason}",
            f"参数 {param} 的值 {value!r} 无效：{reason_zh or reason}",
            param=param,
            value=value,
        )
        self.reason = reason
