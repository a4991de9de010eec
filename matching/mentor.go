package matching

import (
	"fmt"
	"math"

	"jiangxin/graph"
)

// Scorer scores candidates with its weights and the caller's facts. It is safe for concurrent
// use as long as neither is modified.
type Scorer struct {
	W Weights
	F *Facts
}

// NewScorer returns a Scorer; a nil facts means nothing beyond the workers is known.
func NewScorer(w Weights, f *Facts) *Scorer {
	if f == nil {
		f = &Facts{}
	}
	return &Scorer{W: w, F: f}
}

// skillRec is one trade of a compiled worker: interned code and parent, and the level's rank.
type skillRec struct {
	code, parent int32
	rank         int32
}

// person is a worker compiled for fast pair scoring: strings interned into int32 (−1 unknown).
// Mentor-side static parts (honours, capacity, track record) are pre-weighted into static.
type person struct {
	id, ent, ind int32
	reg          [4]int32
	skLo, skHi   int32
	free         int32 // free mentee slots
	accepting    bool
	// Apprentice side: the goal trade, its parent and the goal's rank (−1: no goal).
	goalCode, goalParent int32
	goalRank             int32
	// Pre-weighted static mentor parts, added in the order of the explained parts so that
	// the fast total is bit-identical to the explained one.
	honW, capW, trackW float64
	static             float64 // (honW + capW) + trackW
	baseRule           Rule    // not_accepting or at_capacity, else RuleNone
}

// compiler interns strings and compiles workers; a query uses lookup only, so unknown strings
// become −1 and never match.
type compiler struct {
	s      *Scorer
	intern map[string]int32
	skills []skillRec
}

func newCompiler(s *Scorer) *compiler {
	return &compiler{s: s, intern: map[string]int32{}}
}

func (c *compiler) add(x string) int32 {
	if x == "" {
		return -1
	}
	if k, ok := c.intern[x]; ok {
		return k
	}
	k := int32(len(c.intern))
	c.intern[x] = k
	return k
}

func (c *compiler) look(x string) int32 {
	if k, ok := c.intern[x]; ok && x != "" {
		return k
	}
	return -1
}

// compile turns w into a person; with add, unseen strings are interned (pool members), else
// looked up (queries). Query skills go to a scratch slice, not into the pool.
func (c *compiler) compile(w *graph.Worker, add bool, skills *[]skillRec) person {
	in := c.look
	if add {
		in = c.add
	}
	f := c.s.F
	p := person{id: in(w.ID), ent: in(w.EnterpriseID), ind: in(f.industry(w)), reg: [4]int32{-1, -1, -1, -1}}
	loc := f.Locate(w)
	for k := 0; k < len(loc.RegionPath) && k < 4; k++ {
		p.reg[k] = in(loc.RegionPath[k])
	}
	p.skLo = int32(len(*skills))
	for _, s := range w.Skills {
		*skills = append(*skills, skillRec{code: in(s.Code), parent: in(f.parent(s.Code)), rank: int32(s.Level.Rank())})
	}
	p.skHi = int32(len(*skills))
	capacity := w.MentorCapacity
	p.free = int32(capacity - f.OpenMentees[w.ID])
	p.accepting = w.AcceptingMentees
	if g, ok := f.goal(w); ok {
		p.goalCode, p.goalParent, p.goalRank = in(g.SkillCode), in(f.parent(g.SkillCode)), int32(g.Level.Rank())
	} else {
		p.goalCode, p.goalParent, p.goalRank = -1, -1, -1
	}
	// Static mentor parts, pre-weighted (value × weight, as Part.Contribution).
	sc := &c.s.W.Scales
	mw := &c.s.W.Mentor
	hon, _ := sc.honourValue(w)
	p.honW = hon * mw.Honours
	p.capW = capacityValue(capacity, int(p.free)) * mw.Capacity
	p.trackW = sc.trackValue(f.Records[w.ID]) * mw.TrackRecord
	p.static = (p.honW + p.capW) + p.trackW
	switch {
	case !p.accepting:
		p.baseRule = RuleNotAccepting
	case p.free <= 0:
		p.baseRule = RuleAtCapacity
	}
	return p
}

func capacityValue(capacity, free int) float64 {
	if capacity <= 0 || free <= 0 {
		return 0
	}
	return float64(min(free, capacity)) / float64(capacity)
}

func (s *Scales) trackValue(r TrackRecord) float64 {
	if s.TrackRecordFull <= 0 {
		return 0
	}
	return math.Min(1, (float64(r.Completed)+s.PromotedWeight*float64(r.Promoted))/s.TrackRecordFull)
}

// mentorFit applies the hard rules to (apprentice a, mentor m) and, when they pass, returns
// the skill fit, the level-gap value and the index of the mentor skill used.
func (s *Scorer) mentorFit(a, m *person, ask, msk []skillRec) (fit, gap float64, used int32, rule Rule) {
	if a.id >= 0 && a.id == m.id {
		return 0, 0, -1, RuleSamePerson
	}
	if m.baseRule != RuleNone {
		return 0, 0, -1, m.baseRule
	}
	if a.goalRank < 0 {
		return 0, 0, -1, RuleNoSharedTrade
	}
	related := s.W.Scales.RelatedTrade
	used = -1
	bestRank := int32(0)
	shared := false
	for k := m.skLo; k < m.skHi; k++ {
		sk := &msk[k]
		var f float64
		switch {
		case sk.code == a.goalCode:
			f = 1
		case sk.parent >= 0 && sk.parent == a.goalParent:
			f = related
		default:
			continue
		}
		shared = true
		if sk.rank <= a.goalRank {
			continue
		}
		if f > fit || f == fit && sk.rank > bestRank {
			fit, bestRank, used = f, sk.rank, k
		}
	}
	if used < 0 {
		if shared {
			return 0, 0, -1, RuleLevelTooLow
		}
		return 0, 0, -1, RuleNoSharedTrade
	}
	full := max(1, s.W.Scales.LevelGapFull)
	gap = float64(min(int(bestRank-a.goalRank), full)) / float64(full)
	return fit, gap, used, RuleNone
}

// regionLevel is proximityLevel on compiled persons.
func regionLevel(a, m *person) int {
	if a.ent >= 0 && a.ent == m.ent {
		return 5
	}
	k := 0
	for k < 4 && a.reg[k] >= 0 && a.reg[k] == m.reg[k] {
		k++
	}
	return k
}

// mentorTotal adds the parts in the one order both the hot loops and the explanations use, so
// their totals are bit-identical: static parts first, then skill fit, level gap, proximity
// and industry (all already weighted but fit and gap).
func mentorTotal(static, fit, gap, proxW, indW float64, mw *MentorWeights) float64 {
	t := static + fit*mw.SkillFit
	t += gap * mw.LevelGap
	t += proxW
	t += indW
	return t
}

// proxTable returns the weighted proximity contribution per level.
func (s *Scorer) proxTable() [6]float64 {
	var t [6]float64
	for l := range t {
		t[l] = s.W.Scales.proximityValue(l) * s.W.Mentor.Proximity
	}
	return t
}

// MentorScore explains the score of mentor for apprentice, or says which hard rule excludes
// the pair (then the Score is zero).
func (s *Scorer) MentorScore(apprentice, mentor *graph.Worker) (Score, *Exclusion) {
	c := newCompiler(s)
	var sk []skillRec
	m := c.compile(mentor, true, &sk)
	a := c.compile(apprentice, true, &sk)
	return s.explainPair(apprentice, mentor, &a, &m, sk, sk, mentor.ID)
}

// explainPair builds the named parts for a compiled pair; its total is bit-identical to the
// hot loops' (scoreMentors, scoreApprentices).
// The exclusion names candID, the side of the pair that is the candidate.
func (s *Scorer) explainPair(aw, mw *graph.Worker, a, m *person, ask, msk []skillRec, candID string) (Score, *Exclusion) {
	fit, gap, used, rule := s.mentorFit(a, m, ask, msk)
	f := s.F
	sc := &s.W.Scales
	w := &s.W.Mentor
	goal, _ := f.goal(aw)
	if rule != RuleNone {
		var d string
		switch rule {
		case RuleSamePerson:
			d = "mentor and apprentice are the same worker"
		case RuleNotAccepting:
			d = "mentor is not accepting mentees"
		case RuleAtCapacity:
			d = fmt.Sprintf("capacity %d, %d open pairings", mw.MentorCapacity, f.OpenMentees[mw.ID])
		case RuleLevelTooLow:
			d = fmt.Sprintf("goal %s %s; mentor must be at least one level above", f.skillLabel(goal.SkillCode), levelLabel(goal.Level))
		case RuleNoSharedTrade:
			if goal.SkillCode == "" {
				d = "apprentice has no trade or goal"
			} else {
				d = fmt.Sprintf("mentor holds neither %s nor a related trade", f.skillLabel(goal.SkillCode))
			}
		}
		return Score{}, &Exclusion{CandidateID: candID, Rule: rule, Detail: d}
	}
	ms := mw.Skills[used-m.skLo]
	kind := "same trade"
	if fit < 1 {
		kind = "related trade"
	}
	hon, honLabel := sc.honourValue(mw)
	free := int(m.free)
	rec := f.Records[mw.ID]
	ind := 0.0
	indLabel := fmt.Sprintf("%q vs %q", f.industry(mw), f.industry(aw))
	if a.ind >= 0 && a.ind == m.ind {
		ind, indLabel = 1, "same industry "+f.industry(mw)
	}
	parts := []Part{
		{"skill_fit", fit, w.SkillFit, fmt.Sprintf("%s: %s vs goal %s (%s)", f.skillLabel(ms.Code), levelLabel(ms.Level), levelLabel(goal.Level), kind)},
		{"level_gap", gap, w.LevelGap, fmt.Sprintf("%d level(s) above the goal", int(msk[used].rank)-goal.Level.Rank())},
		{"honours", hon, w.Honours, honLabel},
		sc.proximityPart(w.Proximity, f.Locate(aw), f.Locate(mw)),
		{"industry", ind, w.Industry, indLabel},
		{"capacity", capacityValue(mw.MentorCapacity, free), w.Capacity, fmt.Sprintf("capacity %d of %d free", free, mw.MentorCapacity)},
		{"track_record", sc.trackValue(rec), w.TrackRecord, fmt.Sprintf("%d completed pairings, %d mentees promoted", rec.Completed, rec.Promoted)},
	}
	indW := 0.0
	if ind == 1 {
		indW = w.Industry
	}
	pt := s.proxTable()
	return Score{Total: mentorTotal(m.static, fit, gap, pt[regionLevel(a, m)], indW, w), Parts: parts}, nil
}
