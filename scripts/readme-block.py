"""readme-block.py NAME FILE: replace README.md's generated block NAME
(between "<!-- generated: NAME -->" and "<!-- end -->") with FILE's text.
The timing scripts (readme-perf.sh, readme-shard.sh) write their blocks
with it; TestReadme checks that such blocks exist."""
import re
import sys

name, path = sys.argv[1], sys.argv[2]
block = open(path).read()
readme = open("README.md").read()
head = "<!-- generated: " + name + " -->\n"
new, n = re.subn("(?s)" + re.escape(head) + ".*?<!-- end -->", lambda m: head + block + "<!-- end -->", readme)
if n != 1:
    sys.exit("README.md: expected one " + name + " block, found " + str(n))
open("README.md", "w").write(new)
