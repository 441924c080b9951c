"""readme-block.py NAME FILE: replace the generated block NAME (between
"<!-- generated: NAME -->" and "<!-- end -->") with FILE's text, in the one
file of README.md and docs/*.md that holds it. The timing scripts
(readme-perf.sh, readme-optimize.sh, readme-shard.sh, slurm-speedup.sh)
write their blocks with it; TestReadme checks that such blocks exist, each
in exactly one file.

readme-block.py --where NAME prints the file that holds block NAME (and
writes nothing), so a script can say where it will write without timing."""
import glob
import re
import sys

where = sys.argv[1] == "--where"
name = sys.argv[2] if where else sys.argv[1]
head = "<!-- generated: " + name + " -->\n"
pattern = "(?s)" + re.escape(head) + ".*?<!-- end -->"
holders = []
for doc in ["README.md"] + sorted(glob.glob("docs/*.md")):
    n = len(re.findall(pattern, open(doc).read()))
    holders += [doc] * n
if len(holders) != 1:
    sys.exit("README.md and docs/*.md: expected one " + name + " block, found " + str(len(holders)) +
             (" (in " + ", ".join(holders) + ")" if holders else ""))
doc = holders[0]
if where:
    print(doc)
    sys.exit(0)
block = open(sys.argv[2]).read()
text = open(doc).read()
open(doc, "w").write(re.sub(pattern, lambda m: head + block + "<!-- end -->", text))
print("wrote the " + name + " block of " + doc, file=sys.stderr)
