"""Times pandas.read_html over every .html file of a folder: table
extraction alone (each file is read before its clock starts, pandas is
imported before any). Prints the total seconds and the number of tables."""
import io
import os
import sys
import time

import pandas as pd

folder = sys.argv[1]
total, count = 0.0, 0
for name in sorted(os.listdir(folder)):
    if not name.endswith(".html"):
        continue
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        text = f.read()
    start = time.perf_counter()
    tables = pd.read_html(io.StringIO(text), flavor="lxml")
    total += time.perf_counter() - start
    count += len(tables)
print(f"{total:.6f} {count}")
