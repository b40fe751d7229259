"""Times pandas.read_html on one HTML file: table extraction alone (the file is
read and pandas imported before the clock starts). Prints the best of N runs in
seconds and the number of tables."""
import io
import sys
import time

import pandas as pd

path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
with open(path, encoding="utf-8") as f:
    text = f.read()
best, count = None, 0
for _ in range(runs):
    start = time.perf_counter()
    tables = pd.read_html(io.StringIO(text), flavor="lxml")
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
    count = len(tables)
print(f"{best:.6f} {count}")
