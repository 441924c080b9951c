package recordgen

import (
	"fmt"
	"io"
	"time"
)

// Synthetic returns a ListStreamSessions page of n sessions as the AWS CLI
// prints it (indented, about 660 bytes a session), generated as it is
// read: a multi-gigabyte export without holding it. Session i is created
// 3 s after session i-1 from 2025-12-01T00:00Z, plays 40 minutes and ends
// apiTerminated at us-east-1; its Arn is unique.
func Synthetic(n int) io.Reader { return &synthetic{n: n} }

type synthetic struct {
	n, i int
	buf  []byte
	done bool
}

func (e *synthetic) Read(p []byte) (int, error) {
	for len(e.buf) == 0 {
		switch {
		case e.done:
			return 0, io.EOF
		case e.i == 0:
			e.buf = append(e.buf, "{\n    \"Items\": [\n"...)
		case e.i > e.n:
			e.buf = append(e.buf, "\n    ],\n    \"NextToken\": null\n}\n"...)
			e.done = true
		}
		if e.i >= 1 && e.i <= e.n {
			if e.i > 1 {
				e.buf = append(e.buf, ",\n"...)
			}
			c := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(e.i) * 3 * time.Second)
			e.buf = fmt.Appendf(e.buf, `        {
            "Arn": "arn:aws:gameliftstreams:us-west-2:111122223333:streamsession/sg-1AB2C3De4/s%012d",
            "UserId": "player-%d",
            "Status": "TERMINATED",
            "StatusReason": "apiTerminated",
            "Protocol": "WebRTC",
            "LastUpdatedAt": "%s",
            "CreatedAt": "%s",
            "ApplicationArn": "arn:aws:gameliftstreams:us-west-2:111122223333:application/a-9ZY8X7Wv6",
            "ExportFilesMetadata": {"Status": "SUCCEEDED", "OutputUri": "s3://amzn-s3-demo-destination-bucket/MyGameSessions_ExportedFiles/"},
            "Location": "us-east-1"
        }`, e.i, e.i%50000, c.Add(40*time.Minute).Format("2006-01-02T15:04:05.000000-07:00"), c.Format("2006-01-02T15:04:05.000000-07:00"))
		}
		e.i++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}
