package mrz

import (
	"fmt"
	"strings"
)

// Encode writes fields as a zone of format f with every check digit, for
// tests that need valid documents. Names and data are upper-cased;
// spaces and hyphens become '<', apostrophes are dropped, names are
// truncated to the line. A TD1 document number longer than 9 characters
// uses the extension in the optional field.
func Encode(f Format, fl Fields) ([]string, error) {
	clean := func(name, s string) (string, error) {
		s = strings.ToUpper(strings.NewReplacer(" ", "<", "-", "<", "'", "").Replace(s))
		if !validLine(s) {
			return "", fmt.Errorf("mrz: encode %s: %q holds characters other than A-Z, 0-9, space, '-'", name, s)
		}
		return s, nil
	}
	vals := map[string]*string{"document code": &fl.DocumentCode, "issuing state": &fl.IssuingState, "document number": &fl.DocumentNumber,
		"nationality": &fl.Nationality, "birth date": &fl.BirthDate, "sex": &fl.Sex, "expiry date": &fl.ExpiryDate,
		"optional data": &fl.OptionalData, "optional data 2": &fl.OptionalData2, "surnames": &fl.Surnames, "given names": &fl.GivenNames}
	for name, v := range vals {
		c, err := clean(name, *v)
		if err != nil {
			return nil, err
		}
		*v = c
	}
	for name, d := range map[string]string{"birth date": fl.BirthDate, "expiry date": fl.ExpiryDate} {
		if _, err := date(d, 2000); err != nil {
			return nil, fmt.Errorf("mrz: encode %s: %w", name, err)
		}
	}
	if len(fl.Sex) > 1 {
		return nil, fmt.Errorf("mrz: encode sex: %q is not M, F or empty", fl.Sex)
	}
	w := f.Width()
	pad := func(s string, n int) string {
		if len(s) > n {
			return s[:n]
		}
		return s + strings.Repeat("<", n-len(s))
	}
	cd := func(s string) string { d, _ := CheckDigit(s); return string(d) }
	names := fl.Surnames + "<<" + fl.GivenNames
	head := pad(fl.DocumentCode, 2) + pad(fl.IssuingState, 3)
	switch f {
	case TD3:
		if len(fl.DocumentNumber) > 9 || len(fl.OptionalData) > 14 {
			return nil, fmt.Errorf("mrz: encode TD3: document number over 9 or personal number over 14 characters")
		}
		num := pad(fl.DocumentNumber, 9)
		opt := pad(fl.OptionalData, 14)
		optCheck := cd(opt)
		if strings.Trim(opt, "<") == "" {
			optCheck = "<"
		}
		l2 := num + cd(num) + pad(fl.Nationality, 3) + fl.BirthDate + cd(fl.BirthDate) + pad(fl.Sex, 1) +
			fl.ExpiryDate + cd(fl.ExpiryDate) + opt + optCheck
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
		return []string{head + pad(names, w-len(head)), l2}, nil
	case TD1:
		var l1 string
		if len(fl.DocumentNumber) <= 9 {
			num := pad(fl.DocumentNumber, 9)
			l1 = head + num + cd(num) + fl.OptionalData
		} else {
			l1 = head + fl.DocumentNumber[:9] + "<" + fl.DocumentNumber[9:] + cd(fl.DocumentNumber) + "<" + fl.OptionalData
		}
		if len(l1) > 30 || len(fl.OptionalData2) > 11 {
			return nil, fmt.Errorf("mrz: encode TD1: document number and optional data over 30 characters, or optional data 2 over 11")
		}
		l1 = pad(l1, 30)
		l2 := fl.BirthDate + cd(fl.BirthDate) + pad(fl.Sex, 1) + fl.ExpiryDate + cd(fl.ExpiryDate) + pad(fl.Nationality, 3) + pad(fl.OptionalData2, 11)
		l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
		return []string{l1, l2, pad(names, w)}, nil
	}
	return nil, fmt.Errorf("mrz: encode: unknown format %v", f)
}
