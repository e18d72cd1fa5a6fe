"""How long a failed login takes, by why it fails: a known account with a wrong password, an
unknown address, a disabled account, an account without a password.

The store verifies one argon2 hash in every case (a dummy one when there is no account to
check), so the medians should be close: a ratio near 1 means timing does not tell an attacker
which addresses have accounts. Also prints the time of a successful login.

Run: ``python benchmarks/login.py [--repeats 15]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable

from publisher.accounts.errors import AuthenticationFailed
from publisher.core import Desk
from publisher.settings import load_settings

PASSWORD = "correct horse battery"


def _median_ms(attempt: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            attempt()
        except AuthenticationFailed:
            pass
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory() as folder:
        desk = Desk(load_settings({"instance": folder}))
        users = desk.users
        users.create("known@example.org", "editor", PASSWORD)
        users.create("disabled@example.org", "editor", PASSWORD)
        users.disable("disabled@example.org")
        users.create("nopassword@example.org", "editor")
        users.hasher.waste_time("warm up the dummy hash")
        cases = {
            "wrong password": lambda: users.authenticate("known@example.org", "wrong password"),
            "unknown address": lambda: users.authenticate("nobody@example.org", PASSWORD),
            "disabled account": lambda: users.authenticate("disabled@example.org", PASSWORD),
            "no password set": lambda: users.authenticate("nopassword@example.org", PASSWORD),
            "success": lambda: users.authenticate("known@example.org", PASSWORD),
        }
        medians = {name: _median_ms(case, repeats) for name, case in cases.items()}
        desk.close()
    reference = medians["wrong password"]
    print(f"{'case':<18} {'median ms':>10} {'÷ wrong password':>17}")
    for name, value in medians.items():
        print(f"{name:<18} {value:>10.1f} {value / reference:>17.2f}")


if __name__ == "__main__":
    main()
