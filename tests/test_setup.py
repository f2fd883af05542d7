"""scripts/setup.sh: the library check holds under `set -o pipefail`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SETUP = Path(__file__).parent.parent / "scripts" / "setup.sh"

# An ldconfig with a long cache (more than a pipe holds), the library listed first: a
# `ldconfig -p | grep -q` reader quits at once and the writer dies of SIGPIPE.
FAKE_LDCONFIG = """#!/bin/sh
echo "	libespeak-ng.so.1 (libc6,x86-64) => /usr/lib/libespeak-ng.so.1"
i=0
while [ $i -lt 5000 ]; do
  echo "	libfiller$i.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libfiller$i.so.1"
  i=$((i + 1))
done
"""


def test_have_lib_survives_pipefail(tmp_path: Path) -> None:
    fake = tmp_path / "ldconfig"
    fake.write_text(FAKE_LDCONFIG)
    fake.chmod(0o755)
    script = (f'set -euo pipefail; source "{SETUP}"; '
              "have_lib libespeak-ng.so && echo found; "
              "have_lib libnowhere.so || echo absent")
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert done.stdout.split() == ["found", "absent"], done.stderr
