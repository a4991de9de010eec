package matching

import (
	"fmt"
	"strings"

	"jiangxin/graph"
)

// Part is one named component of a score: its value in [0, 1], the weight it enters the total
// with, and the raw facts behind it, e.g. {skill_fit 1 ×3 "焊工: 技师 vs goal 高级工"}.
type Part struct {
	Name   string
	Value  float64
	Weight float64
	Detail string
}

// Contribution returns Value × Weight, the part's share of the total.
func (p Part) Contribution() float64 { return p.Value * p.Weight }

// Score is an explained score: Total is the sum of the parts' contributions.
type Score struct {
	Total float64
	Parts []Part
}

// Part returns the part called name and whether it is present.
func (s Score) Part(name string) (Part, bool) {
	for _, p := range s.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

// String returns a one-line explanation such as "2.65 = skill_fit 1×3 (焊工: …) + …".
func (s Score) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%.3f =", s.Total)
	for k, p := range s.Parts {
		if k > 0 {
			b.WriteString(" +")
		}
		fmt.Fprintf(&b, " %s %.2f×%g (%s)", p.Name, p.Value, p.Weight, p.Detail)
	}
	return b.String()
}

// sum recomputes the total from the parts, in order.
func sum(parts []Part) float64 {
	t := 0.0
	for _, p := range parts {
		t += p.Contribution()
	}
	return t
}

// Rule names a hard rule that excludes a candidate before scoring.
type Rule uint8

// The hard rules.
const (
	RuleNone          Rule = iota
	RuleSamePerson         // a worker cannot be matched with themself
	RuleNotAccepting       // the mentor does not accept mentees
	RuleAtCapacity         // the mentor has no free mentee slot
	RuleLevelTooLow        // the mentor is not at least one level above the apprentice's goal
	RuleNoSharedTrade      // no same or related trade (nothing the problem needs)
	RuleUnavailable        // the expert is not available (availability 0)
	numRules
)

var ruleNames = [numRules]string{"", "same_person", "not_accepting", "at_capacity", "level_too_low", "no_shared_trade", "unavailable"}

// String returns the rule's snake-case name, e.g. at_capacity.
func (r Rule) String() string {
	if r < numRules {
		return ruleNames[r]
	}
	return fmt.Sprintf("Rule(%d)", uint8(r))
}

// Exclusion says which rule kept a candidate out, with the facts, e.g.
// {wkr_… at_capacity "capacity 4, 4 open pairings"}.
type Exclusion struct {
	CandidateID string
	Rule        Rule
	Detail      string
}

// String returns the exclusion as a sentence for logs.
func (e Exclusion) String() string {
	return e.CandidateID + " excluded by " + e.Rule.String() + ": " + e.Detail
}

// skillLabel returns "焊工" for a code the facts can name, the code otherwise.
func (f *Facts) skillLabel(code string) string {
	if f != nil {
		if n := f.SkillName[code]; n != "" {
			return n
		}
	}
	return code
}

// levelLabel returns the Chinese level name, or 无等级 for none.
func levelLabel(l graph.Level) string {
	if l.Valid() {
		return l.Chinese()
	}
	return "无等级"
}
