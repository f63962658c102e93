package sandbox

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"biokiosk/internal/testkit/doctest"
	"biokiosk/sandbox/mrz"
	"biokiosk/sandbox/ocr"

	"gocv.io/x/gocv"
)

// BenchmarkOCRReadsOverExpiryDates reads the specimen's zones under every
// robust case and each holder's rotated −3°, rendered with 20 consecutive
// expiry dates (each date changes the zone's digits and check digits, so
// each is another render), and reports how the reads came out: exact,
// misread but caught by a check digit, no zone found, and wrong zones
// passing every check (which must stay 0). docs/api-choices.md quotes it:
//
//	go test ./sandbox -run XXX -bench OCRReadsOverExpiryDates -benchtime 1x
func BenchmarkOCRReadsOverExpiryDates(b *testing.B) {
	e := ocr.New(2, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.Cleanup(e.Close)
	var reads []zoneRead
	for day := range 20 {
		reads = append(reads, expiryReads(b, time.Date(2031, 11, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day))...)
	}
	b.ResetTimer()
	for range b.N {
		n := readZones(b, e, reads)
		b.ReportMetric(float64(len(reads)), "reads")
		b.ReportMetric(float64(n.exact), "exact")
		b.ReportMetric(float64(n.caught), "caught")
		b.ReportMetric(float64(n.notFound), "not-found")
		b.ReportMetric(float64(n.wrong), "wrong-passing")
	}
}

// A zoneRead is a rendered document side and the zone it should read as.
type zoneRead struct {
	img  []byte
	f    mrz.Format
	zone []string
}

// expiryReads are the specimen's ID card back and passport under every
// robust case, and each holder's rotated −3°, all expiring on exp.
func expiryReads(b *testing.B, exp time.Time) []zoneRead {
	var reads []zoneRead
	p := doctest.Specimen()
	p.Expiry = exp
	_, back := doctest.IDCard(b, p)
	pass := doctest.Passport(b, p)
	for _, tc := range robustCases {
		reads = append(reads, zoneRead{degraded(b, back, tc.d), mrz.TD1, doctest.TD1(b, p)}, zoneRead{degraded(b, pass, tc.d), mrz.TD3, doctest.TD3(b, p)})
	}
	for _, h := range doctest.Holders() {
		h.Person.Expiry = exp
		if h.TD1 {
			reads = append(reads, zoneRead{degraded(b, doctest.CardBack(b, h.Person), rotate(-3)), mrz.TD1, doctest.TD1(b, h.Person)})
		}
		if h.TD3 {
			reads = append(reads, zoneRead{degraded(b, doctest.Passport(b, h.Person), rotate(-3)), mrz.TD3, doctest.TD3(b, h.Person)})
		}
	}
	return reads
}

// zoneTally counts how reads came out.
type zoneTally struct {
	exact, caught, notFound, wrong int
}

// add counts one read: not found, exact, wrong but passing every check,
// or misread and caught by a check digit.
func (n *zoneTally) add(z mrz.MRZ, found bool, want []string) {
	switch {
	case !found:
		n.notFound++
	case slices.Equal(z.Lines, want):
		n.exact++
	case z.Checks.OK():
		n.wrong++
	default:
		n.caught++
	}
}

// readZones reads every zone on two workers and tallies the outcomes.
func readZones(b *testing.B, e *ocr.Engine, reads []zoneRead) zoneTally {
	var mu sync.Mutex
	var n zoneTally
	var wg sync.WaitGroup
	work := make(chan zoneRead)
	for range 2 {
		wg.Go(func() {
			for r := range work {
				z, found, err := readZone(e, r)
				if err != nil {
					b.Error(err)
					continue
				}
				mu.Lock()
				n.add(z, found, r.zone)
				mu.Unlock()
			}
		})
	}
	for _, r := range reads {
		work <- r
	}
	close(work)
	wg.Wait()
	return n
}

// readZone decodes r's image and reads its zone.
func readZone(e *ocr.Engine, r zoneRead) (mrz.MRZ, bool, error) {
	gray, err := gocv.IMDecode(r.img, gocv.IMReadGrayScale)
	if err != nil {
		return mrz.MRZ{}, false, err
	}
	defer gray.Close()
	return e.ReadZone(context.Background(), gray, r.f)
}
