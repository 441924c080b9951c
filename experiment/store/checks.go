package store

import (
	"fmt"
	"path"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/safeio"
)

// maxReportBytes bounds a shard's report, shards/I-of-N.json.
const maxReportBytes = 1 << 20

// reportProblems checks the shards' reports of a job of count shards:
// each a sealed shard.Done of its name, of this count.
func (st *Store) reportProblems(count int) ([]Problem, error) {
	ents, err := st.list(shardsDir, count+maxListed+100)
	if absent(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("experiment: %w: %v", ErrMerge, err)
	}
	var problems []Problem
	for _, e := range ents {
		name := path.Join(shardsDir, e.Name())
		var i, n int
		if _, err := fmt.Sscanf(e.Name(), "%d-of-%d.json", &i, &n); err != nil || e.Name() != path.Base(shard.DoneName(shard.Shard{Index: i, Count: n})) {
			if !strings.HasPrefix(e.Name(), ".tmp-") {
				problems = append(problems, Problem{File: name, Why: "not a shard's report", Shard: -1})
			}
			continue
		}
		if n != count {
			problems = append(problems, Problem{File: name, Why: fmt.Sprintf("shards of another shard count than the job's %d", count), Shard: -1})
			continue
		}
		data, err := st.ReadFile(name, maxReportBytes)
		var done shard.Done
		if err == nil {
			err = safeio.DecodeSealedJSON(data, &done)
		}
		if err == nil && done.Shard != (shard.Shard{Index: i, Count: n}) {
			err = fmt.Errorf("the report of shard %s", done.Shard)
		}
		if err != nil {
			problems = append(problems, Problem{File: name, Why: "unreadable: " + err.Error(), Damaged: true, Shard: i})
		}
	}
	return problems, nil
}

// markerProblems checks the store's marker of a sweep's or a run's
// shards: sealed, of this format. Removed, any shard's rerun writes it
// again.
func (st *Store) markerProblems(run bool) []Problem {
	marker, format := storeMarker, storeFormat
	if run {
		marker, format = runMarker, runFormat
	}
	data, err := st.ReadFile(marker, maxMarkerBytes)
	var m struct{ Format string }
	if err == nil {
		err = safeio.DecodeSealedJSON(data, &m)
	}
	if err == nil && m.Format != format {
		err = fmt.Errorf("format %q, not %s", m.Format, format)
	}
	if err != nil {
		return []Problem{{File: marker, Why: "unreadable: " + err.Error(), Damaged: true, Shard: 0}}
	}
	return nil
}
