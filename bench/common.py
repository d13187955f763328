"""What the benchmark scripts share: timing a call, and printing a result (JSON or one line a key)."""

import json
import time


def samples_ms(fn, runs: int, warmup: int = 1) -> list[float]:
    """Milliseconds of `runs` calls of fn, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def print_result(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
