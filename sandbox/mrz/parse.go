package mrz

import (
	"fmt"
	"strings"
)

// MRZ is a parsed zone: its fields, the (corrected) lines, which check
// digits passed and which fields were corrected.
type MRZ struct {
	Format Format
	Fields
	// Lines are the zone as read, with the corrections applied.
	Lines []string
	// Checks reports the check digits.
	Checks Checks
	// Corrected names the fields where look-alike characters were
	// replaced (a letter read in a numeric field, a digit in an alphabetic
	// one).
	Corrected []string
}

// Checks reports each check digit of a zone: true when it passed. TD1
// has no personal-number check (PersonalNumber is then true).
type Checks struct {
	DocumentNumber, BirthDate, ExpiryDate, PersonalNumber, Composite bool
}

// OK reports whether every check digit passed.
func (c Checks) OK() bool { return len(c.Failed()) == 0 }

// Failed names the failed checks: document_number, birth_date,
// expiry_date, personal_number, composite.
func (c Checks) Failed() []string {
	var out []string
	for _, x := range []struct {
		ok   bool
		name string
	}{{c.DocumentNumber, "document_number"}, {c.BirthDate, "birth_date"}, {c.ExpiryDate, "expiry_date"}, {c.PersonalNumber, "personal_number"}, {c.Composite, "composite"}} {
		if !x.ok {
			out = append(out, x.name)
		}
	}
	return out
}

// span is a field's place: line, [start, end).
type span struct{ line, start, end int }

// layout is where a format keeps its fields.
type layout struct {
	code, state, names, number, nationality, birth, sex, expiry, optional, optional2 span
	// numberCheck, birthCheck, expiryCheck, optionalCheck and composite
	// are check-digit positions (line, start); optionalCheck.line < 0
	// when the format has none.
	numberCheck, birthCheck, expiryCheck, optionalCheck, composite span
	// compositeOver are the spans the composite check digit covers.
	compositeOver []span
}

var layouts = map[Format]layout{
	TD3: {
		code: span{0, 0, 2}, state: span{0, 2, 5}, names: span{0, 5, 44},
		number: span{1, 0, 9}, numberCheck: span{1, 9, 10}, nationality: span{1, 10, 13},
		birth: span{1, 13, 19}, birthCheck: span{1, 19, 20}, sex: span{1, 20, 21},
		expiry: span{1, 21, 27}, expiryCheck: span{1, 27, 28},
		optional: span{1, 28, 42}, optionalCheck: span{1, 42, 43}, optional2: span{-1, 0, 0},
		composite:     span{1, 43, 44},
		compositeOver: []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}},
	},
	TD1: {
		code: span{0, 0, 2}, state: span{0, 2, 5}, number: span{0, 5, 14}, numberCheck: span{0, 14, 15},
		optional: span{0, 15, 30},
		birth:    span{1, 0, 6}, birthCheck: span{1, 6, 7}, sex: span{1, 7, 8},
		expiry: span{1, 8, 14}, expiryCheck: span{1, 14, 15}, nationality: span{1, 15, 18},
		optional2: span{1, 18, 29}, optionalCheck: span{-1, 0, 0}, composite: span{1, 29, 30},
		compositeOver: []span{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}},
		names:         span{2, 0, 30},
	},
}

// FormatOf returns the format of lines by their count and lengths.
func FormatOf(lines []string) (Format, error) {
	for _, f := range []Format{TD1, TD3} {
		if len(lines) != f.Lines() {
			continue
		}
		ok := true
		for _, l := range lines {
			ok = ok && len(l) == f.Width()
		}
		if ok {
			return f, nil
		}
	}
	lens := make([]string, len(lines))
	for i, l := range lines {
		lens[i] = fmt.Sprint(len(l))
	}
	return 0, fmt.Errorf("%w: %d lines of %s characters (want 3×30 or 2×44)", ErrFormat, len(lines), strings.Join(lens, ", "))
}

// Parse reads a TD1 or TD3 zone. Characters outside A–Z, 0–9 and '<' are
// refused (ErrFormat); failed check digits are not errors but reported
// in Checks. Look-alike characters are corrected only where the field's
// class makes it unambiguous: digits in alphabetic fields (issuing state,
// nationality, names, document code) become letters; letters in numeric
// fields (dates, check digits) become digits, kept only when the field's
// check digit then passes.
func Parse(lines []string) (MRZ, error) {
	f, err := FormatOf(lines)
	if err != nil {
		return MRZ{}, err
	}
	for i, l := range lines {
		if !validLine(l) {
			return MRZ{}, fmt.Errorf("%w: line %d holds characters other than A-Z, 0-9 and '<'", ErrFormat, i+1)
		}
	}
	p := parser{l: layouts[f], rows: make([][]byte, len(lines))}
	for i, l := range lines {
		p.rows[i] = []byte(l)
	}
	m := MRZ{Format: f}
	p.letters("document_code", p.l.code)
	p.letters("issuing_state", p.l.state)
	p.letters("nationality", p.l.nationality)
	p.letters("names", p.l.names)
	m.Checks.DocumentNumber = p.documentNumber(f)
	m.Checks.BirthDate = p.digits("birth_date", p.l.birth, p.l.birthCheck)
	m.Checks.ExpiryDate = p.digits("expiry_date", p.l.expiry, p.l.expiryCheck)
	m.Checks.PersonalNumber = true
	if p.l.optionalCheck.line >= 0 {
		m.Checks.PersonalNumber = p.personalNumber()
	}
	m.Checks.Composite = p.compositeOK()
	m.Corrected = p.corrected
	for _, r := range p.rows {
		m.Lines = append(m.Lines, string(r))
	}
	m.Fields = p.fields(f)
	return m, nil
}

// parser holds a zone being read and corrected.
type parser struct {
	l         layout
	rows      [][]byte
	corrected []string
	// numberSpans are the spans of the document number (TD1: with the
	// extension) and numberCheckAt the check digit's place.
	numberSpans   []span
	numberCheckAt span
}

func (p *parser) get(s span) string { return string(p.rows[s.line][s.start:s.end]) }

func (p *parser) set(s span, v string) { copy(p.rows[s.line][s.start:s.end], v) }

// toLetter and toDigit are the look-alikes OCR confuses.
var (
	toLetter = map[byte]byte{'0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B'}
	toDigit  = map[byte]byte{'O': '0', 'Q': '0', 'D': '0', 'U': '0', 'I': '1', 'L': '1', 'T': '1', 'Z': '2', 'A': '4', 'S': '5', 'G': '6', 'B': '8'}
)

func mapChars(s string, m map[byte]byte) string {
	b := []byte(s)
	for i, c := range b {
		if r, ok := m[c]; ok {
			b[i] = r
		}
	}
	return string(b)
}

// letters replaces digits in an alphabetic field.
func (p *parser) letters(name string, s span) {
	if s.line < 0 {
		return
	}
	if v := p.get(s); mapChars(v, toLetter) != v {
		p.set(s, mapChars(v, toLetter))
		p.corrected = append(p.corrected, name)
	}
}

// checks reports whether check is value's check digit.
func checks(value string, check byte) bool {
	d, ok := CheckDigit(value)
	return ok && d == check
}

// digits checks a numeric field and its check digit, replacing letters
// by look-alike digits when that makes the check pass.
func (p *parser) digits(name string, field, check span) bool {
	v, c := p.get(field), p.get(check)
	if checks(v, c[0]) {
		return true
	}
	v2, c2 := mapChars(v, toDigit), mapChars(c, toDigit)
	if (v2 != v || c2 != c) && checks(v2, c2[0]) {
		p.set(field, v2)
		p.set(check, c2)
		p.corrected = append(p.corrected, name)
		return true
	}
	return false
}

// documentNumber checks the document number. It is alphanumeric, so only
// its check digit may be corrected. A TD1 number longer than 9
// characters has '<' as its check digit and continues in the optional
// field, up to its own check digit.
func (p *parser) documentNumber(f Format) bool {
	p.numberSpans, p.numberCheckAt = []span{p.l.number}, p.l.numberCheck
	if f == TD1 && p.get(p.l.numberCheck) == "<" {
		opt := p.get(p.l.optional)
		if n := strings.IndexByte(opt, '<'); n != 0 {
			if n < 0 {
				n = len(opt)
			}
			s := p.l.optional.start
			p.numberSpans = append(p.numberSpans, span{0, s, s + n - 1})
			p.numberCheckAt = span{0, s + n - 1, s + n}
		}
	}
	var num strings.Builder
	for _, s := range p.numberSpans {
		num.WriteString(p.get(s))
	}
	c := p.get(p.numberCheckAt)
	if checks(num.String(), c[0]) {
		return true
	}
	if c2 := mapChars(c, toDigit); c2 != c && checks(num.String(), c2[0]) {
		p.set(p.numberCheckAt, c2)
		p.corrected = append(p.corrected, "document_number_check")
		return true
	}
	return false
}

// personalNumber checks TD3's optional field; its check digit may be
// '<' when the field is empty.
func (p *parser) personalNumber() bool {
	v, c := p.get(p.l.optional), p.get(p.l.optionalCheck)
	if c == "<" && strings.Trim(v, "<") == "" {
		return true
	}
	return p.digitsOver("personal_number", v, p.l.optionalCheck)
}

// digitsOver checks an alphanumeric value's check digit at check,
// correcting only the check digit itself.
func (p *parser) digitsOver(name, value string, check span) bool {
	c := p.get(check)
	if checks(value, c[0]) {
		return true
	}
	if c2 := mapChars(c, toDigit); c2 != c && checks(value, c2[0]) {
		p.set(check, c2)
		p.corrected = append(p.corrected, name+"_check")
		return true
	}
	return false
}

// compositeOK checks the composite check digit over the (corrected)
// fields it covers.
func (p *parser) compositeOK() bool {
	var b strings.Builder
	for _, s := range p.l.compositeOver {
		b.WriteString(p.get(s))
	}
	return p.digitsOver("composite", b.String(), p.l.composite)
}

// fields reads the corrected zone's fields.
func (p *parser) fields(f Format) Fields {
	var num strings.Builder
	for _, s := range p.numberSpans {
		num.WriteString(p.get(s))
	}
	out := Fields{
		DocumentCode:   text(p.get(p.l.code)),
		IssuingState:   text(p.get(p.l.state)),
		DocumentNumber: strings.ReplaceAll(num.String(), "<", ""),
		Nationality:    text(p.get(p.l.nationality)),
		BirthDate:      p.get(p.l.birth),
		Sex:            text(p.get(p.l.sex)),
		ExpiryDate:     p.get(p.l.expiry),
	}
	opt := p.l.optional
	if f == TD1 && len(p.numberSpans) > 1 {
		opt.start = p.numberCheckAt.end
	}
	out.OptionalData = text(p.get(opt))
	if p.l.optional2.line >= 0 {
		out.OptionalData2 = text(p.get(p.l.optional2))
	}
	out.Surnames, out.GivenNames = names(p.get(p.l.names))
	return out
}
