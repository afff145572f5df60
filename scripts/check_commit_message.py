"""Commit-msg hook: a subject of at most 72 characters, then a blank line and a body."""

import sys
from pathlib import Path

MAX_SUBJECT = 72


def problems(message: str) -> list[str]:
    lines = [line for line in message.splitlines() if not line.startswith("#")]
    if not lines or not lines[0].strip():
        return ["the subject line is empty"]
    found = []
    if len(lines[0]) > MAX_SUBJECT:
        found.append(f"the subject has {len(lines[0])} characters (at most {MAX_SUBJECT})")
    body = [line for line in lines[2:] if line.strip()]
    if len(lines) > 1 and lines[1].strip():
        found.append("the second line must be blank")
    if not body:
        found.append("add a body that says why")
    return found


def main() -> int:
    message = Path(sys.argv[1]).read_text(encoding="utf-8")
    found = problems(message)
    for problem in found:
        print(f"commit message: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
