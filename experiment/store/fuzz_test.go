package store

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"testing"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/simrun"
)

// exampleUnits are a block and a replication's rep.gob as a store holds
// them.
func exampleUnits(tb testing.TB) (block, rep []byte) {
	b := &Block{Format: blockFormat, CapsimVersion: "v", PointSHA256: "ab", Seed: 1, Replications: 4, From: 1, To: 3,
		Shard: &shard.Shard{Index: 1, Count: 2}, JobSHA256: "k",
		Scopes: []simrun.Scope{{Name: "total", Model: "streams", Metrics: []simrun.Series{{Name: "cost_usd", Reps: simrun.Values{1.5, 2}}}}}}
	var buf bytes.Buffer
	if err := safeio.WriteSealedJSON(&buf, b, " "); err != nil {
		tb.Fatal(err)
	}
	block = bytes.Clone(buf.Bytes())
	buf.Reset()
	d := repData{Format: repFormat, Info: RepInfo{CapsimVersion: "v", Seed: 1, Replications: 4}, JobSHA256: "k",
		Series: []seriesRef{{Model: "streams", Index: 0, StepSeconds: 60, Width: 3, N: 2, SHA256: "x"}}}
	if err := gob.NewEncoder(&buf).Encode(&d); err != nil {
		tb.Fatal(err)
	}
	return block, safeio.Seal(buf.Bytes())
}

// FuzzStoreFile: any bytes stored as a block or a replication's rep.gob
// are that unit, or an error; never a panic. A unit read back is whole
// (a block's values one per replication of its range, its name its own)
// and, written again, reads back the same. kind picks the unit; raw bytes
// are tried as stored and sealed again (as a tool that knows the format
// would), so that the fuzzer's edits reach the decoders.
func FuzzStoreFile(f *testing.F) {
	block, rep := exampleUnits(f)
	body, _ := safeio.UnsealJSON(block)
	gobBody, _ := safeio.Unseal(rep)
	for _, s := range [][]byte{block, body, block[:len(block)/2], bytes.Replace(body, []byte(`"to": 3`), []byte(`"to": 9`), 1)} {
		f.Add(uint8(0), s)
	}
	for _, s := range [][]byte{rep, gobBody, rep[:len(rep)-5]} {
		f.Add(uint8(1), s)
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		if kind%2 == 0 {
			fuzzBlock(t, data)
			if sealed, err := safeio.SealJSON(data); err == nil {
				fuzzBlock(t, sealed)
			}
			return
		}
		fuzzRep(t, data)
		fuzzRep(t, safeio.Seal(data))
	})
}

// fuzzBlock checks parseBlock's contract on data, named as it says it is.
func fuzzBlock(t *testing.T, data []byte) {
	var id struct {
		PointSHA256 string `json:"point_sha256"`
		From, To    int
	}
	json.Unmarshal(data, &id)
	name := blockName(id.PointSHA256, id.From, id.To)
	b, err := parseBlock(name, data)
	if err != nil {
		return
	}
	for _, sc := range b.Scopes {
		for _, m := range sc.Metrics {
			if len(m.Reps) != b.To-b.From || b.From < 0 || b.To > b.Replications {
				t.Fatalf("a block of [%d, %d) of %d has %d values", b.From, b.To, b.Replications, len(m.Reps))
			}
		}
	}
	var buf bytes.Buffer
	if err := safeio.WriteSealedJSON(&buf, b, " "); err != nil {
		t.Fatalf("a block read cannot be written: %v", err)
	}
	again, err := parseBlock(name, buf.Bytes())
	x, _ := json.Marshal(b)
	y, _ := json.Marshal(again)
	if err != nil || !bytes.Equal(x, y) {
		t.Fatalf("written again, the block reads back as %s, %v; was %s", y, err, x)
	}
}

// fuzzRep checks parseRep's contract on data.
func fuzzRep(t *testing.T, data []byte) {
	d, err := parseRep(0, data)
	if err != nil {
		return
	}
	if d.Format != repFormat || d.Rep != 0 {
		t.Fatalf("read %q replication %d as replication 0", d.Format, d.Rep)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(d); err != nil {
		t.Fatalf("a replication read cannot be written: %v", err)
	}
	if _, err := parseRep(0, safeio.Seal(buf.Bytes())); err != nil {
		t.Fatalf("written again, the replication is refused: %v", err)
	}
}
