#!/usr/bin/env python3
"""readme-block.py NAME FILE: replace the body of README.md's generated block
NAME (<!-- generated: NAME --> ... <!-- end -->) with FILE's content. The
scripts that measure timings on a named machine (readme-perf.sh,
slurm-speedup.sh) write their blocks with it; run from the repository root."""
import re
import sys

name, path = sys.argv[1], sys.argv[2]
block = open(path).read()
readme = open("README.md").read()
start = "<!-- generated: " + name + " -->\n"
new, n = re.subn("(?s)" + re.escape(start) + ".*?<!-- end -->",
                 lambda m: start + block + "<!-- end -->", readme)
if n != 1:
    sys.exit("README.md: expected one %s block, found %d" % (name, n))
open("README.md", "w").write(new)
