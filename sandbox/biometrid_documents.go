package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig reads the sides' sizes
	_ "image/png"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"biokiosk/sandbox/face"
	"biokiosk/sandbox/mrz"
	"biokiosk/sandbox/ocr"

	"gocv.io/x/gocv"
)

// Message constants of the sandbox's OCR answers that the vendor docs do
// not show (docs/api-choices.md marks them biokiosk).
const (
	msgDocumentValidationFailed message = "DOCUMENT_VALIDATION_FAILED"
	msgProcessNotFound          message = "PROCESS_NOT_FOUND"
	msgOCREngineUnavailable     message = "OCR_ENGINE_UNAVAILABLE"
	msgTooManyProcesses         message = "TOO_MANY_PROCESSES"
)

// maxPoolingProcesses bounds the pooling validations in progress: each
// holds its sides (up to 1 MB each, twice: as sent and in the answer's
// base64) and their decoded images, and waits for one of the ocrClients
// Tesseract clients. A pooling validation beyond it is refused with 503
// TOO_MANY_PROCESSES, and started again once earlier ones are done.
const maxPoolingProcesses = 8

// poolingWorkTimeout bounds one pooling validation's work (about a second
// on its own), so every process finishes, with a 500 answer at worst.
const poolingWorkTimeout = time.Minute

// maxSidePixels caps a side's decoded size (width × height, read from
// its header before it is decoded): a 1 MB JPEG or PNG can declare
// hundreds of megapixels. 25 MP is a 6000×4000 photo; a
// perspective-corrected crop is about 1 MP.
const maxSidePixels = 25_000_000

// errTooManyProcesses refuses a pooling validation while
// maxPoolingProcesses are in progress.
var errTooManyProcesses = errors.New("too many pooling validations in progress")

// badSideError is a side refused as NO_FILE_OR_INVALID_FORMAT with a
// reason; it is errBadInput.
type badSideError struct{ reason string }

func (e *badSideError) Error() string { return "ocr: " + e.reason }
func (e *badSideError) Unwrap() error { return errBadInput }

// checkSide refuses a side whose header cannot be read as a JPEG or PNG,
// or which declares more than maxSidePixels, before anything decodes it.
func checkSide(name string, b []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return &badSideError{fmt.Sprintf("'%s' must be one JPEG or PNG of at most 1 MB", name)}
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > maxSidePixels {
		return &badSideError{fmt.Sprintf("'%s' is %d×%d px: at most %d megapixels", name, cfg.Width, cfg.Height, maxSidePixels/1_000_000)}
	}
	return nil
}

// ocrClients is the number of Tesseract clients: one per core of the
// kiosk-class machine the sandbox runs on.
const ocrClients = 2

// documents validates identity documents: the MRZ read by Tesseract,
// its check digits, the side images' quality and the portrait found by
// the face engine. Pooling-mode work, and the janitor that deletes
// expired pooling results, run on goroutines that stop with the server
// (close cancels them and waits).
type documents struct {
	ocr   *ocr.Engine
	faces *face.Engine
	db    *store
	log   *slog.Logger
	// keep bounds how long pooling processes are kept; fixed at start.
	keep retention
	// pooling holds a token per pooling validation in progress, at most
	// maxPoolingProcesses.
	pooling chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// mu orders start's wg.Add before close's wg.Wait; closed refuses
	// work once close has begun.
	mu        sync.Mutex
	closed    bool
	closeOnce sync.Once
}

// newDocuments starts the document service with the default retention.
func newDocuments(ctx context.Context, db *store, faces *face.Engine, tessdata string, log *slog.Logger) (*documents, error) {
	return newDocumentsKeeping(ctx, db, faces, tessdata, log, defaultRetention)
}

// newDocumentsKeeping starts the document service: it empties the
// process table and starts the janitor, which deletes pooling processes
// past keep's limits every keep.sweep until close.
func newDocumentsKeeping(ctx context.Context, db *store, faces *face.Engine, tessdata string, log *slog.Logger, keep retention) (*documents, error) {
	if err := db.openProcesses(ctx); err != nil {
		return nil, err
	}
	d := &documents{ocr: ocr.New(ocrClients, tessdata, log), faces: faces, db: db, log: log, keep: keep,
		pooling: make(chan struct{}, maxPoolingProcesses)}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	d.wg.Add(1)
	go d.janitor()
	return d, nil
}

// janitor deletes expired pooling processes every d.keep.sweep, until
// close. takeProcess already refuses an expired result: the janitor
// makes sure its fields and images leave the database too, whether or
// not anyone asks for it again.
func (d *documents) janitor() {
	defer d.wg.Done()
	t := time.NewTicker(d.keep.sweep)
	defer t.Stop()
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-t.C:
			if _, err := d.db.sweepProcesses(d.ctx, time.Now(), d.keep); err != nil && d.ctx.Err() == nil {
				d.log.Error("sandbox: document processes not expired", "err", err)
			}
		}
	}
}

// take returns a pooling process of the client (see takeProcess).
func (d *documents) take(ctx context.Context, process, clientKey string) (done bool, code int, body []byte, err error) {
	return d.db.takeProcess(ctx, process, clientKey, time.Now(), d.keep)
}

// close refuses new pooling work, stops the work in progress and the
// janitor, waits for them, and frees Tesseract. Later calls return at
// once (after the first one's work).
func (d *documents) close() {
	d.closeOnce.Do(func() {
		d.mu.Lock()
		d.closed = true
		d.mu.Unlock()
		d.cancel()
		d.wg.Wait()
		d.ocr.Close()
	})
}

// docRequest is a Validate Document call's input.
type docRequest struct {
	front, back []byte // back may be nil for a passport
	doctype     string // "idcard" or "passport"
	reference   string // the caller's processId
}

// side is a decoded document side.
type side struct {
	name string
	raw  []byte
	gray gocv.Mat
}

// validate checks a document and returns the answer (HTTP code and
// envelope): DOCUMENT_VALIDATED_WITH_SUCCESS with result GOOD or FAIL
// when a zone was read, DOCUMENT_VALIDATION_FAILED with a reason when
// none was. An error is the engine's (bad image, or one over
// maxSidePixels: errBadInput; Tesseract missing: ocr.ErrUnavailable).
func (d *documents) validate(ctx context.Context, r docRequest, process string, now time.Time) (int, answer, error) {
	sides, err := decodeSides(r)
	if err != nil {
		return 0, answer{}, err
	}
	defer closeSides(sides)
	v := data{}
	allOK := sidesQuality(sides, v)
	zone, found, err := d.readZone(ctx, sides, r.doctype)
	if err != nil {
		return 0, answer{}, err
	}
	if !found {
		return http.StatusOK, noZoneAnswer(sides), nil
	}
	fields, ok := zoneFields(zone, r.doctype, now, v)
	allOK = allOK && ok
	photo, err := d.faces.Portrait(r.front)
	if err != nil {
		return 0, answer{}, fmt.Errorf("ocr: portrait: %w", err)
	}
	v["photo_found"] = ocr.Verdict(photo != nil)
	allOK = allOK && photo != nil
	v["value"] = ocr.Verdict(allOK)
	out := msg(msgDocumentValidatedWithSuccess, "result", ocr.Verdict(allOK), "fields", fields, "validations", v, "images", documentImages(r, photo), "process", process)
	if r.reference != "" {
		out["reference"] = r.reference
	}
	return http.StatusOK, answer{true, out}, nil
}

// decodeSides checks and decodes the sides sent (front, then back) to
// grey; the caller closes them. A side that fails checkSide is its
// error, one that does not decode errBadInput.
func decodeSides(r docRequest) ([]side, error) {
	var sides []side
	for _, s := range []side{{name: "front", raw: r.front}, {name: "back", raw: r.back}} {
		if s.raw == nil {
			continue
		}
		if err := checkSide(s.name, s.raw); err != nil {
			closeSides(sides)
			return nil, err
		}
		m, err := gocv.IMDecode(s.raw, gocv.IMReadGrayScale)
		if err != nil || m.Empty() {
			m.Close()
			closeSides(sides)
			return nil, errBadInput
		}
		s.gray = m
		sides = append(sides, s)
	}
	return sides, nil
}

// closeSides closes the sides' images.
func closeSides(sides []side) {
	for _, s := range sides {
		s.gray.Close()
	}
}

// sidesQuality adds each side's resolution, blurring and luminance
// verdicts to v and reports whether all were good.
func sidesQuality(sides []side, v data) bool {
	allOK := true
	for _, s := range sides {
		q := ocr.SideQuality(s.gray)
		v[s.name+"_resolution"], v[s.name+"_blurring"], v[s.name+"_luminance"] = q.Resolution, q.Blurring, q.Luminance
		allOK = allOK && q.OK
	}
	return allOK
}

// readZone reads the machine-readable zone of doctype (a passport's TD3
// on its front, an ID card's TD1 on its back). The other side is read
// when this one's zone is not found or fails a check digit (a misread
// zone, or the sides swapped); the zone with fewer failed checks is
// kept, the first side's on a tie.
func (d *documents) readZone(ctx context.Context, sides []side, doctype string) (mrz.MRZ, bool, error) {
	want, order := mrz.TD1, []int{len(sides) - 1, 0}
	if doctype == "passport" {
		want, order = mrz.TD3, []int{0, len(sides) - 1}
	}
	var zone mrz.MRZ
	found := false
	for i, at := range order {
		if i > 0 && at == order[0] {
			break
		}
		z, ok, err := d.ocr.ReadZone(ctx, sides[at].gray, want)
		if err != nil {
			return mrz.MRZ{}, false, err
		}
		if ok && (!found || len(z.Checks.Failed()) < len(zone.Checks.Failed())) {
			zone, found = z, true
		}
		if found && zone.Checks.OK() {
			break
		}
	}
	return zone, found, nil
}

// noZoneAnswer is DOCUMENT_VALIDATION_FAILED naming the sides searched.
func noZoneAnswer(sides []side) answer {
	names := make([]string, len(sides))
	for i, s := range sides {
		names[i] = "'" + s.name + "'"
	}
	return answer{false, msg(msgDocumentValidationFailed, "reason", "no machine-readable zone found on "+strings.Join(names, " or "))}
}

// documentImages are the answer's images, base64: the sides sent and
// the portrait when one was found.
func documentImages(r docRequest, photo []byte) data {
	images := data{"front": base64.StdEncoding.EncodeToString(r.front)}
	if r.back != nil {
		images["back"] = base64.StdEncoding.EncodeToString(r.back)
	}
	if photo != nil {
		images["photo"] = base64.StdEncoding.EncodeToString(photo)
	}
	return images
}

// zoneFields turns a read zone into the answer's fields and adds its
// validations to v: each check digit, the expiry, the dates being real
// dates, and the document type against doctype. ok is false when any
// failed.
func zoneFields(z mrz.MRZ, doctype string, now time.Time, v data) (data, bool) {
	ok := true
	set := func(name string, good bool) {
		v[name] = ocr.Verdict(good)
		ok = ok && good
	}
	birth, berr := z.Birth(now)
	expiry, eerr := z.Expiry()
	set("integrity_doc_number", z.Checks.DocumentNumber)
	set("integrity_birth_date", z.Checks.BirthDate && berr == nil)
	set("integrity_expiry_date", z.Checks.ExpiryDate && eerr == nil)
	if z.Format == mrz.TD3 {
		set("integrity_personal_number", z.Checks.PersonalNumber)
	}
	set("integrity_composite", z.Checks.Composite)
	set("expiration_date", eerr == nil && !now.After(expiry.AddDate(0, 0, 1)))
	isPassport := z.Format == mrz.TD3 && strings.HasPrefix(z.DocumentCode, "P")
	isCard := z.Format == mrz.TD1 && strings.ContainsAny(z.DocumentCode[:min(1, len(z.DocumentCode))], "IAC")
	set("document_type", (doctype == "passport" && isPassport) || (doctype == "idcard" && isCard))
	gender := z.Sex
	if gender == "" {
		gender = "X"
	}
	lines := data{"line0": z.Lines[0], "line1": z.Lines[1]}
	if len(z.Lines) > 2 {
		lines["line2"] = z.Lines[2]
	}
	f := data{"surnames": z.Surnames, "names": z.GivenNames, "origin": z.IssuingState, "nationality": z.Nationality,
		"gender": gender, "doc_number": z.DocumentNumber, "birth_date": "", "expiry_date": "", "mrz": lines}
	if berr == nil {
		f["birth_date"] = birth.Format(time.DateOnly)
	}
	if eerr == nil {
		f["expiry_date"] = expiry.Format(time.DateOnly)
	}
	return f, ok
}

// start runs a pooling-mode validation on a goroutine bounded by the
// server's life and poolingWorkTimeout, and stores its answer under
// process. errTooManyProcesses when maxPoolingProcesses are in progress.
func (d *documents) start(clientKey, process string, r docRequest) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ocr.ErrClosed
	}
	select {
	case d.pooling <- struct{}{}:
	default:
		return errTooManyProcesses
	}
	if err := d.db.startProcess(d.ctx, process, clientKey, time.Now()); err != nil {
		<-d.pooling
		return err
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer func() { <-d.pooling }()
		ctx, cancel := context.WithTimeout(d.ctx, poolingWorkTimeout)
		defer cancel()
		code, a, err := d.validate(ctx, r, process, time.Now())
		if err != nil {
			code, a = errorAnswer(err)
			if code >= 500 && d.ctx.Err() == nil {
				d.log.Error("sandbox: document process failed", "err", err)
			}
		}
		body, err := jsonAnswer(a)
		if err == nil {
			err = d.db.finishProcess(context.WithoutCancel(d.ctx), process, code, body, time.Now())
		}
		if err != nil {
			d.log.Error("sandbox: document process not stored", "err", err)
		}
	}()
	return nil
}
