package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"jiangxin/graph"
)

// Period is an inclusive range of calendar dates. The zero Period (both ends empty) is all time.
type Period struct {
	From graph.Date // first day; "" when unbounded
	To   graph.Date // last day; "" when unbounded
}

// All reports whether p is the unbounded period (all time).
func (p Period) All() bool { return p.From == "" && p.To == "" }

// Contains reports whether d falls within p. An empty d (the event has no date) is never
// contained, not even in all time.
func (p Period) Contains(d graph.Date) bool {
	if d == "" {
		return false
	}
	return (p.From == "" || d >= p.From) && (p.To == "" || d <= p.To)
}

// ParsePeriod reads a reporting period: "" (all time), a year "2026", a half "2026-H1" or
// "2026-H2", a quarter "2026-Q1" … "2026-Q4", or a month "2026-05". It returns an ErrInvalid
// *FieldError naming "period" for anything else, including years outside 1900–2200.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Period{}, nil
	}
	bad := func() (Period, error) {
		return Period{}, graph.Invalid("period", "%q is not a period such as 2026, 2026-H1, 2026-Q2 or 2026-05", s)
	}
	if len(s) < 4 {
		return bad()
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1900 || year > 2200 || s[0] == '+' || s[0] == '-' {
		return bad()
	}
	span := func(fromMonth, months int) Period {
		from := time.Date(year, time.Month(fromMonth), 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(0, months, -1)
		return Period{From: graph.DateOf(from), To: graph.DateOf(to)}
	}
	rest := s[4:]
	switch {
	case rest == "":
		return span(1, 12), nil
	case len(rest) == 3 && rest[0] == '-' && (rest[1] == 'H' || rest[1] == 'h') && (rest[2] == '1' || rest[2] == '2'):
		return span(1+6*int(rest[2]-'1'), 6), nil
	case len(rest) == 3 && rest[0] == '-' && (rest[1] == 'Q' || rest[1] == 'q') && rest[2] >= '1' && rest[2] <= '4':
		return span(1+3*int(rest[2]-'1'), 3), nil
	case len(rest) == 3 && rest[0] == '-' && isDigit(rest[1]) && isDigit(rest[2]):
		m := int(rest[1]-'0')*10 + int(rest[2]-'0')
		if m < 1 || m > 12 {
			return bad()
		}
		return span(m, 1), nil
	}
	return bad()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// String returns the period as "from..to" ("all time" for the zero Period), for messages.
func (p Period) String() string {
	if p.All() {
		return "all time"
	}
	return fmt.Sprintf("%s..%s", p.From, p.To)
}

// monthKey returns the "YYYY-MM" month of d ("" for an empty date).
func monthKey(d graph.Date) string {
	if len(d) < 7 {
		return ""
	}
	return string(d[:7])
}
