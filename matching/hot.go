package matching

// The hot loops of the pools: one flat pass over compact candidate records that writes each
// candidate's total (or the rule that excludes it) into the caller's reusable buffers. They
// apply the same rules in the same order and add the same values in the same order as
// mentorFit/explainPair, so totals are bit-identical to the explained ones (the tests check).

// mentorHot is the part of a compiled mentor a query reads.
type mentorHot struct {
	id, ent, ind int32
	reg          [4]int32
	sk           [2]skillRec // the first two trades inline; more are read from the pool
	skLo         int32       // index of the third trade in the pool's skills
	nsk          int32
	trades       uint64 // bit code%64 and parent%64 of every trade: a one-AND reject test
	static       float64
}

// apprHot is the part of a compiled apprentice a query reads.
type apprHot struct {
	id, ent, ind         int32
	reg                  [4]int32
	goalCode, goalParent int32
	goalRank             int32
}

func toMentorHot(p *person, skills []skillRec) mentorHot {
	h := mentorHot{id: p.id, ent: p.ent, ind: p.ind, reg: p.reg, skLo: p.skLo + 2, nsk: p.skHi - p.skLo, static: p.static}
	copy(h.sk[:], skills[p.skLo:p.skHi])
	for _, s := range skills[p.skLo:p.skHi] {
		h.trades |= tradeBits(s.code, s.parent)
	}
	return h
}

func toApprHot(p *person) apprHot {
	return apprHot{id: p.id, ent: p.ent, ind: p.ind, reg: p.reg, goalCode: p.goalCode, goalParent: p.goalParent, goalRank: p.goalRank}
}

// tradeBits returns the bloom bits of a trade and its parent (−1 contributes nothing).
func tradeBits(code, parent int32) uint64 {
	var b uint64
	if code >= 0 {
		b |= 1 << (uint32(code) % 64)
	}
	if parent >= 0 {
		b |= 1 << (uint32(parent) % 64)
	}
	return b
}

// scoreMentors scores every (open) mentor of hot for the apprentice a; rules and counts get
// the query-dependent exclusions.
func (s *Scorer) scoreMentors(a *person, hot []mentorHot, msk []skillRec, prox *[6]float64, scores []float64, rules []Rule, counts *[numRules]int) {
	mw := &s.W.Mentor
	related := s.W.Scales.RelatedTrade
	full := max(1, s.W.Scales.LevelGapFull)
	gapV := gapTable(full)
	aid, aent, aind := a.id, a.ent, a.ind
	gc, gp, gr := a.goalCode, a.goalParent, a.goalRank
	need := tradeBits(gc, gp)
	r0, r1, r2, r3 := a.reg[0], a.reg[1], a.reg[2], a.reg[3]
	scores = scores[:len(hot)]
	rules = rules[:len(hot)]
	for i := range hot {
		m := &hot[i]
		rule := RuleNone
		t := 0.0
		switch {
		case aid >= 0 && m.id == aid:
			rule = RuleSamePerson
		case gr < 0 || m.trades&need == 0:
			rule = RuleNoSharedTrade
		default:
			fit, bestRank, shared := 0.0, int32(0), false
			for k := int32(0); k < m.nsk; k++ {
				var sk skillRec
				if k < 2 {
					sk = m.sk[k]
				} else {
					sk = msk[m.skLo+k-2]
				}
				f := 0.0
				if sk.code == gc {
					f = 1
				} else if sk.parent >= 0 && sk.parent == gp {
					f = related
				} else {
					continue
				}
				shared = true
				if sk.rank > gr && (f > fit || f == fit && sk.rank > bestRank) {
					fit, bestRank = f, sk.rank
				}
			}
			switch {
			case bestRank > 0:
				lvl := 0
				if aent >= 0 && aent == m.ent {
					lvl = 5
				} else if r0 >= 0 && r0 == m.reg[0] {
					lvl = 1
					if r1 >= 0 && r1 == m.reg[1] {
						lvl = 2
						if r2 >= 0 && r2 == m.reg[2] {
							lvl = 3
							if r3 >= 0 && r3 == m.reg[3] {
								lvl = 4
							}
						}
					}
				}
				ind := 0.0
				if aind >= 0 && aind == m.ind {
					ind = mw.Industry
				}
				t = mentorTotal(m.static, fit, gapV[min(int(bestRank-gr), full)], prox[lvl], ind, mw)
			case shared:
				rule = RuleLevelTooLow
			default:
				rule = RuleNoSharedTrade
			}
		}
		scores[i], rules[i] = t, rule
		counts[rule]++
	}
	counts[RuleNone] = 0
}

// scoreApprentices scores every apprentice of hot for the mentor m.
func (s *Scorer) scoreApprentices(m *person, msk []skillRec, hot []apprHot, prox *[6]float64, scores []float64, rules []Rule, counts *[numRules]int) {
	mw := &s.W.Mentor
	related := s.W.Scales.RelatedTrade
	full := max(1, s.W.Scales.LevelGapFull)
	gapV := gapTable(full)
	mine := msk[m.skLo:m.skHi]
	scores = scores[:len(hot)]
	rules = rules[:len(hot)]
	for i := range hot {
		a := &hot[i]
		rule := RuleNone
		t := 0.0
		switch {
		case a.id >= 0 && a.id == m.id:
			rule = RuleSamePerson
		case m.baseRule != RuleNone:
			rule = m.baseRule
		case a.goalRank < 0:
			rule = RuleNoSharedTrade
		default:
			fit, bestRank, shared := 0.0, int32(0), false
			for _, sk := range mine {
				f := 0.0
				if sk.code == a.goalCode {
					f = 1
				} else if sk.parent >= 0 && sk.parent == a.goalParent {
					f = related
				} else {
					continue
				}
				shared = true
				if sk.rank > a.goalRank && (f > fit || f == fit && sk.rank > bestRank) {
					fit, bestRank = f, sk.rank
				}
			}
			switch {
			case bestRank > 0:
				lvl := 0
				if a.ent >= 0 && a.ent == m.ent {
					lvl = 5
				} else {
					for lvl < 4 && a.reg[lvl] >= 0 && a.reg[lvl] == m.reg[lvl] {
						lvl++
					}
				}
				ind := 0.0
				if a.ind >= 0 && a.ind == m.ind {
					ind = mw.Industry
				}
				t = mentorTotal(m.static, fit, gapV[min(int(bestRank-a.goalRank), full)], prox[lvl], ind, mw)
			case shared:
				rule = RuleLevelTooLow
			default:
				rule = RuleNoSharedTrade
			}
		}
		scores[i], rules[i] = t, rule
		counts[rule]++
	}
	counts[RuleNone] = 0
}

// gapTable returns the level_gap value for gaps 0…full (index by gap, capped at full).
func gapTable(full int) []float64 {
	var buf [8]float64
	t := buf[:0]
	if full+1 > len(buf) {
		t = make([]float64, 0, full+1)
	}
	for g := 0; g <= full; g++ {
		t = append(t, float64(g)/float64(full))
	}
	return t
}
