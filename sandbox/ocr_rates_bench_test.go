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
	type read struct {
		img  []byte
		f    mrz.Format
		zone []string
	}
	var reads []read
	for day := range 20 {
		exp := time.Date(2031, 11, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
		p := doctest.Specimen()
		p.Expiry = exp
		_, back := doctest.IDCard(b, p)
		pass := doctest.Passport(b, p)
		for _, tc := range robustCases {
			reads = append(reads, read{degraded(b, back, tc.d), mrz.TD1, doctest.TD1(b, p)}, read{degraded(b, pass, tc.d), mrz.TD3, doctest.TD3(b, p)})
		}
		for _, h := range doctest.Holders() {
			h.Person.Expiry = exp
			if h.TD1 {
				reads = append(reads, read{degraded(b, doctest.CardBack(b, h.Person), rotate(-3)), mrz.TD1, doctest.TD1(b, h.Person)})
			}
			if h.TD3 {
				reads = append(reads, read{degraded(b, doctest.Passport(b, h.Person), rotate(-3)), mrz.TD3, doctest.TD3(b, h.Person)})
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		var exact, caught, notFound, wrong int
		var wg sync.WaitGroup
		work := make(chan read)
		for range 2 {
			wg.Go(func() {
				for r := range work {
					gray, err := gocv.IMDecode(r.img, gocv.IMReadGrayScale)
					if err != nil {
						b.Error(err)
						continue
					}
					z, found, err := e.ReadZone(context.Background(), gray, r.f)
					gray.Close()
					if err != nil {
						b.Error(err)
						continue
					}
					mu.Lock()
					switch {
					case !found:
						notFound++
					case slices.Equal(z.Lines, r.zone):
						exact++
					case z.Checks.OK():
						wrong++
					default:
						caught++
					}
					mu.Unlock()
				}
			})
		}
		for _, r := range reads {
			work <- r
		}
		close(work)
		wg.Wait()
		b.ReportMetric(float64(len(reads)), "reads")
		b.ReportMetric(float64(exact), "exact")
		b.ReportMetric(float64(caught), "caught")
		b.ReportMetric(float64(notFound), "not-found")
		b.ReportMetric(float64(wrong), "wrong-passing")
	}
}
