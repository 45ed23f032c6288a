"""Start-up time of the packaged kiosk to the attract screen, against the unfrozen start.

    tools/sandbox .venv/bin/python bench/startup_frozen.py [--runs N]

Runs inside the PC/SC sandbox (a private pcscd with the vpcd reader and the reference backend
on loopback, as the tests do), writes an installed configuration, then starts
``dist/kiosk/kiosk app`` and ``python -m kiosk app`` N times each (alternating) on the
offscreen platform, each until it prints the attract-screen marker, and reports the medians
and the ratio frozen / unfrozen (the baseline measured in the same run). Build first with
``tools/build``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.app.support import BackendProcess  # noqa: E402
from tests.frozen.support import (  # noqa: E402
    FROZEN,
    PinnablePcscd,
    frozen_cmd,
    kiosk_env,
    source_cmd,
    start_until_attract,
    write_installed_config,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not FROZEN.exists():
        print(f"no frozen build at {FROZEN}: run tools/build first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        work = Path(tmp)
        # a reader an installed kiosk may be pinned to (it refuses the vpcd "Virtual PCD")
        with PinnablePcscd(work / "pcscd"):
            backend = BackendProcess(work / "backend")
            backend.start()
            try:
                config = write_installed_config(work, backend.base_url, backend.kiosk_token)
                env = kiosk_env(config, work / "logs")
                start_until_attract(frozen_cmd(), env)  # warm the page cache for both
                start_until_attract(source_cmd(), env)
                frozen, source = [], []
                for _ in range(args.runs):
                    frozen.append(start_until_attract(frozen_cmd(), env))
                    source.append(start_until_attract(source_cmd(), env))
            finally:
                backend.stop()
    f_med, s_med = statistics.median(frozen), statistics.median(source)
    print(f"runs: {args.runs} each (after one warm-up)")
    print(f"unfrozen start to attract (baseline): median {s_med:.2f} s "
          f"[{min(source):.2f}-{max(source):.2f}]")
    print(f"frozen start to attract:              median {f_med:.2f} s "
          f"[{min(frozen):.2f}-{max(frozen):.2f}]")
    print(f"ratio frozen / unfrozen: {f_med / s_med:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
