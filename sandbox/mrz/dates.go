package mrz

import (
	"fmt"
	"time"
)

// Birth is the birth date. The zone prints two-digit years: a date that
// would lie after now is taken in the previous century.
func (f Fields) Birth(now time.Time) (time.Time, error) {
	d, err := date(f.BirthDate, 2000)
	if err != nil {
		return d, fmt.Errorf("mrz: birth date: %w", err)
	}
	if d.After(now) {
		d = d.AddDate(-100, 0, 0)
	}
	return d, nil
}

// Expiry is the expiry date, always in 20YY.
func (f Fields) Expiry() (time.Time, error) {
	d, err := date(f.ExpiryDate, 2000)
	if err != nil {
		return d, fmt.Errorf("mrz: expiry date: %w", err)
	}
	return d, nil
}

// date reads YYMMDD in the century starting at base; it refuses
// impossible dates (month 13, 31 April…).
func date(s string, base int) (time.Time, error) {
	if len(s) != 6 {
		return time.Time{}, fmt.Errorf("%q is not YYMMDD", s)
	}
	var n [3]int
	for i := range n {
		a, b := s[2*i], s[2*i+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return time.Time{}, fmt.Errorf("%q is not YYMMDD", s)
		}
		n[i] = int(a-'0')*10 + int(b-'0')
	}
	d := time.Date(base+n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if n[1] < 1 || n[1] > 12 || d.Day() != n[2] {
		return time.Time{}, fmt.Errorf("%q is not a calendar date", s)
	}
	return d, nil
}
