"""How long the admin's duplicate check takes against a large directory.

Run: .venv/bin/python benchmarks/duplicate_names.py [rows]
It compares one new name (English, Chinese, an alias) with generated rows of
English name, Chinese name and two aliases, as the add form of a space does
when an editor saves it, and prints the time per check.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The scoring code needs no database or settings.
from makerspaces.duplicates import closest  # noqa: E402

SYLLABLES = "chai huo xin yuan chuang ke kong jian qian hai nan shan fu tian long gang bao an tech hub lab".split()
HANZI = "柴火创客空间前海南山福田龙岗宝安深圳北京上海孵化器众创中心"


def fake_rows(count, seed=7):
    rng = random.Random(seed)
    for pk in range(count):
        english = " ".join(rng.choice(SYLLABLES).title() for _ in range(rng.randint(2, 4))) + " Maker Space"
        chinese = "".join(rng.choice(HANZI) for _ in range(rng.randint(4, 8)))
        aliases = "\n".join(" ".join(rng.choice(SYLLABLES) for _ in range(2)) for _ in range(2))
        yield (pk, english, chinese, aliases)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rows = list(fake_rows(count))
    names = ["Qianhai Dream Works Maker Space", "前海梦工场", "QDW"]
    runs = 5
    started = time.perf_counter()
    for _ in range(runs):
        found = closest(rows, names)
    elapsed = (time.perf_counter() - started) / runs
    print(f"{count} rows: {elapsed * 1000:.0f} ms per check, {len(found)} candidates")


if __name__ == "__main__":
    main()
