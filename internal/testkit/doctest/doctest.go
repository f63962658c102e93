// Package doctest renders synthetic identity documents for tests: an ID-1
// card (front with a portrait and printed fields, back with a TD1 MRZ)
// and a TD3 passport data page, printed in OCR-B with ImageMagick at the
// resolution of a kiosk's perspective-corrected crop. The holders are
// invented; the portraits are the shared test portraits, read in place.
// Tests skip with a clear message when ImageMagick, the OCR-B font or the
// shared test data are missing.
package doctest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"biokiosk/internal/testkit/testfiles"
	"biokiosk/sandbox/mrz"
)

// Person is a synthetic document holder and the document's data.
type Person struct {
	Surnames, GivenNames string
	// Sex is "M", "F" or "" (unspecified).
	Sex string
	// Nationality and IssuingState are ICAO codes ("UTO", the ICAO
	// specimen state, when empty).
	Nationality, IssuingState string
	DocumentNumber            string
	Birth, Expiry             time.Time
	// Optional is the zone's optional data (TD3: personal number).
	Optional string
	// Portrait is a file under the shared faces/portraits folder
	// ("obama.jpg" when empty), or an absolute path.
	Portrait string
	// MRZ, when set, is printed instead of the zone built from the
	// fields (to render corrupted zones).
	MRZ []string
}

// Specimen is an invented holder with a document that expires on
// SpecimenExpiry; tests derive the expected expiry from p.Expiry, and set
// an earlier one for an expired document.
func Specimen() Person {
	return Person{
		Surnames: "MODELO SANTOS", GivenNames: "ALEX JORDAN", Sex: "M", DocumentNumber: "X4R7201K3",
		Birth: time.Date(1961, 8, 4, 0, 0, 0, 0, time.UTC), Expiry: SpecimenExpiry(),
	}
}

// SpecimenExpiry is the specimen's (and the holders') expiry date. It is
// fixed, so every render is the same whatever the day: the expiry is
// printed in the zone with its check digits, and an expiry following
// the calendar made the OCR tests read a different zone each day (one
// day's render misread, the day before's not). The sandbox checks it
// against the real date, so it must stay ahead of it:
// TestSpecimenStillValid fails a year before it does.
func SpecimenExpiry() time.Time { return time.Date(2035, 6, 30, 0, 0, 0, 0, time.UTC) }

// Holder is a named variation of the specimen whose zone exercises one
// part of a reader, and the formats its zone can be written in.
type Holder struct {
	Name     string
	Person   Person
	TD1, TD3 bool
}

// Holders are invented holders whose zones (built with mrz.Encode, like
// the specimen's) each hold something the specimen's does not: a TD1
// document number longer than 9 characters (the optional-data
// extension), an unspecified sex ('<'), a birth date in the 2000s, a TD3
// personal number filling its 14 characters, and O/0 and I/1 look-alikes
// in names, codes, the document number and the dates. Their documents
// expire with the specimen's.
func Holders() []Holder {
	h := func(name string, td1, td3 bool, edit func(*Person)) Holder {
		p := Specimen()
		edit(&p)
		return Holder{Name: name, Person: p, TD1: td1, TD3: td3}
	}
	return []Holder{
		h("long document number", true, false, func(p *Person) {
			p.Surnames, p.GivenNames, p.Sex, p.DocumentNumber = "KOWALSKA", "ZOFIA", "F", "D231458907A12"
		}),
		h("sex unspecified", true, true, func(p *Person) {
			p.Surnames, p.GivenNames, p.Sex, p.DocumentNumber = "NAKAMURA", "REN", "", "TK7730452"
		}),
		h("born in the 2000s", true, true, func(p *Person) {
			p.Surnames, p.GivenNames, p.DocumentNumber = "DUBOIS MARTIN", "LEA", "Z90041877"
			p.Birth = time.Date(2004, 11, 30, 0, 0, 0, 0, time.UTC)
		}),
		h("personal number filled", false, true, func(p *Person) {
			p.Surnames, p.GivenNames, p.DocumentNumber, p.Optional = "HALVORSEN", "NILS PETTER", "PA4471902", "AB12345678CD90"
		}),
		h("O/0 and I/1 look-alikes", true, true, func(p *Person) {
			p.Surnames, p.GivenNames, p.DocumentNumber = "OLIVIO DIONI", "IOLO", "O0I1O0I1"
			p.IssuingState, p.Nationality = "IOT", "COL"
			p.Birth = time.Date(1990, 10, 10, 0, 0, 0, 0, time.UTC)
		}),
	}
}

// Today is the current date in UTC, at midnight.
func Today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (p Person) fields(code string) mrz.Fields {
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	return mrz.Fields{
		DocumentCode: code, IssuingState: or(p.IssuingState, "UTO"), Nationality: or(p.Nationality, "UTO"),
		DocumentNumber: p.DocumentNumber, BirthDate: p.Birth.Format("060102"), ExpiryDate: p.Expiry.Format("060102"),
		Sex: p.Sex, OptionalData: p.Optional, Surnames: p.Surnames, GivenNames: p.GivenNames,
	}
}

// TD1 is the card's zone built from p's fields (document code "I").
func TD1(tb testing.TB, p Person) []string {
	tb.Helper()
	lines, err := mrz.Encode(mrz.TD1, p.fields("I"))
	if err != nil {
		tb.Fatalf("doctest: %v", err)
	}
	return lines
}

// TD3 is the passport's zone built from p's fields (document code "P").
func TD3(tb testing.TB, p Person) []string {
	tb.Helper()
	lines, err := mrz.Encode(mrz.TD3, p.fields("P"))
	if err != nil {
		tb.Fatalf("doctest: %v", err)
	}
	return lines
}

// IDCard renders an ID-1 card (1000×630 px, about 11.7 px/mm) as JPEGs:
// the front with the portrait and printed fields, the back with the TD1
// zone (p.MRZ when set).
func IDCard(tb testing.TB, p Person) (front, back []byte) {
	tb.Helper()
	font := Font(tb)
	front = render(tb, append(append([]string{"-size", "1000x630", "xc:#e8eef3",
		"-fill", "#bfd0e0", "-draw", "rectangle 0,0 1000,96",
		"-font", font, "-fill", "#14283c", "-pointsize", "36", "-annotate", "+40+62", "UTOPIA   IDENTITY CARD"},
		portrait(tb, p, 290, 370, 40, 130)...),
		printed(p, 370, 160)...))
	return front, CardBack(tb, p)
}

// CardBack renders only the card's back (as IDCard does): for tests that
// read the zone alone.
func CardBack(tb testing.TB, p Person) []byte {
	tb.Helper()
	zone := p.MRZ
	if zone == nil {
		zone = TD1(tb, p)
	}
	return render(tb, append([]string{"-size", "1000x630", "xc:#edf1ea",
		"-font", Font(tb), "-fill", "#3a4a3a", "-pointsize", "24",
		"-annotate", "+40+60", "Date of issue  " + p.Expiry.AddDate(-10, 0, 0).Format("02 01 2006"),
		"-annotate", "+40+100", "Place of issue  UTOPIA CITY",
		"-fill", "black", "-pointsize", "40"},
		zoneText(zone, 64, 500, 42)...))
}

// Passport renders a TD3 passport data page (1000×704 px, 8 px/mm) as a
// JPEG: portrait, printed fields and the two-line zone (p.MRZ when set).
func Passport(tb testing.TB, p Person) []byte {
	tb.Helper()
	zone := p.MRZ
	if zone == nil {
		zone = TD3(tb, p)
	}
	font := Font(tb)
	args := append(append([]string{"-size", "1000x704", "xc:#f1ece2",
		"-font", font, "-fill", "#402a14", "-pointsize", "30", "-annotate", "+40+56", "PASSPORT   UTOPIA"},
		portrait(tb, p, 260, 330, 40, 90)...),
		printed(p, 340, 110)...)
	args = append(append(args, "-fill", "black", "-pointsize", "28"), zoneText(zone, 54, 612, 44)...)
	return render(tb, args)
}

// portrait pastes the holder's portrait at x, y: the top centre of the
// photo (head and shoulders), scaled and cropped to w×h.
func portrait(tb testing.TB, p Person, w, h, x, y int) []string {
	name := p.Portrait
	if name == "" {
		name = "obama.jpg"
	}
	path := name
	if !filepath.IsAbs(name) {
		path = testfiles.Path(tb, "faces", "portraits", name)
	}
	return []string{"(", path, "-gravity", "north", "-crop", "60%x58%+0+0", "+repage", "-resize", fmt.Sprintf("%dx%d^", w, h), "-gravity", "north", "-extent", fmt.Sprintf("%dx%d", w, h), ")",
		"-gravity", "northwest", "-geometry", fmt.Sprintf("+%d+%d", x, y), "-composite"}
}

// printed writes the labelled fields in a column at x, from y.
func printed(p Person, x, y int) []string {
	sex := p.Sex
	if sex == "" {
		sex = "X"
	}
	rows := [][2]string{{"Surname", p.Surnames}, {"Given names", p.GivenNames}, {"Nationality", "UTOPIAN"},
		{"Date of birth", strings.ToUpper(p.Birth.Format("02 Jan 2006"))}, {"Sex", sex},
		{"Document no.", p.DocumentNumber}, {"Date of expiry", strings.ToUpper(p.Expiry.Format("02 Jan 2006"))}}
	var args []string
	for i, r := range rows {
		yy := y + i*62
		args = append(args, "-fill", "#5a6470", "-pointsize", "17", "-annotate", fmt.Sprintf("+%d+%d", x, yy), r[0],
			"-fill", "#101820", "-pointsize", "26", "-annotate", fmt.Sprintf("+%d+%d", x, yy+30), r[1])
	}
	return args
}

// zoneText prints the zone's lines from baseline y, step apart.
func zoneText(lines []string, x, y, step int) []string {
	var args []string
	for i, l := range lines {
		args = append(args, "-annotate", fmt.Sprintf("+%d+%d", x, y+i*step), l)
	}
	return args
}

// render runs convert with args and returns the picture as a JPEG.
func render(tb testing.TB, args []string) []byte {
	tb.Helper()
	bin, err := exec.LookPath("convert")
	if err != nil {
		testfiles.Missing(tb, "doctest: ImageMagick's convert is missing: install imagemagick (scripts/install-deps.sh)")
	}
	cmd := exec.Command(bin, append(args, "-quality", "92", "jpg:-")...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		tb.Fatalf("doctest: convert: %v: %s", err, errb.String())
	}
	return out.Bytes()
}

// fontPaths are where Debian's fonts-ocr-b puts the regular OCR-B face.
var fontPaths = []string{"/usr/share/fonts/opentype/ocr-b/OCRB.otf"}

// Font returns the OCR-B font file, or skips the test when fonts-ocr-b is
// missing.
func Font(tb testing.TB) string {
	tb.Helper()
	for _, p := range fontPaths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if out, err := exec.Command("fc-list", ":family=OCR B:style=Regular", "file").Output(); err == nil {
		for _, l := range strings.Split(string(out), "\n") {
			if p := strings.TrimSuffix(strings.TrimSpace(l), ":"); filepath.Base(p) == "OCRB.otf" {
				return p
			}
		}
	}
	testfiles.Missing(tb, "doctest: the OCR-B font is missing: install fonts-ocr-b (scripts/install-deps.sh)")
	return ""
}
